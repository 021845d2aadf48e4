import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** Bytes read per system call. */
const CHUNK = 1 << 16;
/** No line of a trace (or of tracepoint text) is this long; a longer one means the wrong file. */
export const MAX_LINE = 1 << 20;

export interface Line {
  readonly text: string;
  /** 1-based. */
  readonly number: number;
  /** False for a last line that has no newline. */
  readonly terminated: boolean;
}

/**
 * The lines of a file, read in 64 KiB chunks: memory stays constant however large the file
 * (gigabyte traces). Synchronous, so a run can pull events from it as a plain Iterable. A
 * `\r\n` ending loses its `\r`. Stopping early (break) closes the file.
 */
export function* readLines(path: string): Generator<Line> {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    const decoder = new StringDecoder('utf8');
    let pending = '';
    let number = 0;
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null);
      pending += n > 0 ? decoder.write(buffer.subarray(0, n)) : decoder.end();
      let start = 0;
      for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', start)) {
        const end = nl > start && pending.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        yield { text: pending.slice(start, end), number: ++number, terminated: true };
        start = nl + 1;
      }
      pending = pending.slice(start);
      if (pending.length > MAX_LINE) throw new LineTooLongError(number + 1, MAX_LINE);
      if (n === 0) break;
    }
    if (pending.length > 0) yield { text: pending, number: number + 1, terminated: false };
  } finally {
    closeSync(fd);
  }
}

export class LineTooLongError extends Error {
  override readonly name = 'LineTooLongError';

  constructor(
    readonly line: number,
    limit: number,
  ) {
    super(`line ${line} is longer than ${limit} characters`);
  }
}
