import type { ResultDocument } from '../result/result-document.js';

export interface RenderOptions {
  /** ANSI colours allowed (stdout is a TTY, NO_COLOR is unset, no --no-color). */
  readonly color: boolean;
  /** The policy ratios are taken against; default: the document's, else kvm-v6.13 if compared. */
  readonly baseline?: string;
}

/** One output format of a result document (`--format <name>`). */
export interface Renderer {
  readonly format: string;
  /** File extensions that select this format for `--out` (first is the canonical one). */
  readonly extensions: readonly string[];
  readonly description: string;
  render(doc: ResultDocument, options: RenderOptions): string;
}
