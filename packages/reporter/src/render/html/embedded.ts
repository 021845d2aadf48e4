import { gunzipSync, gzipSync } from 'node:zlib';
import { readResultDocument, ResultDocumentError } from '../../result/read-result.js';
import type { ResultDocument } from '../../result/result-document.js';

/** The id of the <script> data block that carries the whole result document. */
export const EMBEDDED_RESULT_ID = 'spte-lab-result';

/**
 * The data block's type: the document's JSON, gzip-compressed, base64-encoded. A browser never
 * runs a block of this type; the page needs none of it (it is static HTML and SVG), so it is
 * stored for tools, at about a twentieth of the JSON's size. Reports written before
 * compression carry `application/json` and are still read.
 */
export const EMBEDDED_TYPE = 'application/gzip;base64';

const EMBEDDED = new RegExp(
  `<script type="(application/json|${EMBEDDED_TYPE})" id="${EMBEDDED_RESULT_ID}">([^<]*)</script>`,
);

/** The <script> element that embeds `doc`. */
export function embeddedResultScript(doc: ResultDocument): string {
  const gz = gzipSync(JSON.stringify(doc), { level: 9 });
  // RFC 1952 header byte 9 names the OS that wrote it; "unknown" (255) on every platform keeps
  // the same document's report byte-identical wherever it is written.
  gz[9] = 255;
  return `<script type="${EMBEDDED_TYPE}" id="${EMBEDDED_RESULT_ID}">${gz.toString('base64')}</script>`;
}

/** Reads back the result document an HTML report carries (validated like any other). */
export function readEmbeddedResult(html: string, sourceName: string): ResultDocument {
  const match = EMBEDDED.exec(html);
  if (!match) {
    throw new ResultDocumentError(
      `${sourceName}: an HTML file without an embedded spte-lab result document`,
    );
  }
  const [, type, data] = match as unknown as [string, string, string];
  if (type === 'application/json') return readResultDocument(data, sourceName);
  let json: string;
  try {
    json = gunzipSync(Buffer.from(data, 'base64')).toString('utf8');
  } catch (error) {
    throw new ResultDocumentError(
      `${sourceName}: the embedded result document is not valid gzip+base64 (${(error as Error).message})`,
    );
  }
  return readResultDocument(json, sourceName);
}
