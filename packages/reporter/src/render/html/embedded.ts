import { readResultDocument, ResultDocumentError } from '../../result/read-result.js';
import type { ResultDocument } from '../../result/result-document.js';
import { EMBEDDED_RESULT_ID } from './page.js';

const EMBEDDED = new RegExp(
  `<script type="application/json" id="${EMBEDDED_RESULT_ID}">([^<]*)</script>`,
);

/** Reads back the result document an HTML report carries (validated like any other). */
export function readEmbeddedResult(html: string, sourceName: string): ResultDocument {
  const match = EMBEDDED.exec(html);
  if (!match) {
    throw new ResultDocumentError(
      `${sourceName}: an HTML file without an embedded spte-lab result document`,
    );
  }
  return readResultDocument(match[1]!, sourceName);
}
