import type { ResultDocument } from '../result/result-document.js';

export interface RenderOptions {
  /** ANSI colours allowed (stdout is a TTY and NO_COLOR is unset). */
  readonly color: boolean;
}

/** One output format of a result document (`--format <name>`). */
export interface Renderer {
  readonly format: string;
  render(doc: ResultDocument, options: RenderOptions): string;
}
