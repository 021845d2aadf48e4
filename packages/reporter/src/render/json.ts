import type { ResultDocument } from '../result/result-document.js';

export function renderJson(doc: ResultDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
