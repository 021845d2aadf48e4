import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  BaselineError,
  type Renderer,
  type ResultDocument,
  validateResultDocument,
} from '@spte-lab/reporter';
import { CliError, EXIT_VIOLATIONS } from '../errors.js';
import type { GlobalFlags } from '../global-options.js';
import type { CliIo } from '../io.js';
import { writeTextOutput } from '../output.js';

export interface ReportOutput {
  /** From `chosenRenderer`. */
  readonly renderer: Renderer;
  /** A file to write atomically; stdout when absent. */
  readonly out?: string;
  readonly baseline?: string;
  readonly failOnViolation?: boolean;
}

/** Fails before a long run, not after it, when --out names a directory that does not exist. */
export async function checkOutDirectory(out: string | undefined, io: CliIo): Promise<void> {
  if (out === undefined || out === '-') return;
  const dir = dirname(resolve(io.cwd, out));
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory())
    throw new CliError(`--out '${out}': the directory '${dirname(out)}' does not exist`);
}

/**
 * Renders the document in the chosen format to stdout or, all or nothing, to --out. The
 * document is validated first whatever the format: a table from a malformed document would be
 * as wrong as the JSON. (Failing here is a bug in spte-lab, reported as an internal error.)
 */
export async function emitReport(
  doc: ResultDocument,
  output: ReportOutput,
  flags: GlobalFlags,
  io: CliIo,
): Promise<void> {
  validateResultDocument(doc, 'the result document');
  const { renderer } = output;
  let text: string;
  try {
    // A file gets no colour codes: it is read later, elsewhere.
    text = renderer.render(doc, {
      color: output.out === undefined && flags.color,
      baseline: output.baseline,
    });
  } catch (error) {
    if (error instanceof BaselineError) throw new CliError(`--baseline: ${error.message}`);
    throw error;
  }
  if (output.out === undefined) {
    io.out(text);
  } else {
    await writeTextOutput(resolve(io.cwd, output.out), output.out, text, io.out);
    if (!flags.quiet && output.out !== '-') {
      const kib = (Buffer.byteLength(text) / 1024).toFixed(1);
      io.err(`spte-lab: wrote the ${renderer.format} report to ${output.out} (${kib} KiB)\n`);
    }
  }
  if (output.failOnViolation && doc.runs.some((r) => r.violations.length > 0))
    io.exitCode = EXIT_VIOLATIONS;
}
