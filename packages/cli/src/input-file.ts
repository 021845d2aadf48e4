import { statSync } from 'node:fs';
import { CliError } from './errors.js';

/**
 * Fails with one line when an input file is a directory. Reading a directory
 * otherwise fails deep inside a stream with an EISDIR that names no file (an "internal
 * error"); `label` says which input (e.g. "selftest: --vectors").
 */
export function requireInputFile(absolute: string, typed: string, label: string): void {
  const info = statSync(absolute, { throwIfNoEntry: false });
  // A missing file is left to the reader, whose message names it already.
  if (info?.isDirectory()) throw new CliError(`${label} '${typed}': it is a directory`);
}
