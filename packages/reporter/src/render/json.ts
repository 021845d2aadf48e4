import type { ResultDocument } from '../result/result-document.js';
import { validateResultDocument } from '../result/read-result.js';

/**
 * The document as JSON, validated first: a document that would not read back is never
 * written. Two-space indentation keeps diffs of saved results readable.
 */
export function renderJson(doc: ResultDocument): string {
  validateResultDocument(doc, 'the result document being written');
  return `${JSON.stringify(doc, null, 2)}\n`;
}
