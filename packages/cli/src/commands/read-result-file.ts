import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  readEmbeddedResult,
  readResultDocument,
  ResultDocumentError,
  type ResultDocument,
} from '@spte-lab/reporter';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';

/**
 * Reads a result document from `file` (relative to the working directory): the JSON document,
 * or an HTML report, which embeds one. Every problem (no such file, not JSON, not a valid
 * document) is one CliError line naming the file; `command` prefixes it.
 */
export async function readResultFile(
  file: string,
  command: string,
  io: CliIo,
): Promise<ResultDocument> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : (error as Error).message;
    throw new CliError(`${command}: cannot read '${file}': ${why}`);
  }
  try {
    // An HTML report carries its document; anything else must be the JSON document itself.
    return /^\s*</.test(text) ? readEmbeddedResult(text, file) : readResultDocument(text, file);
  } catch (error) {
    if (error instanceof ResultDocumentError) throw new CliError(`${command}: ${error.message}`);
    throw error;
  }
}
