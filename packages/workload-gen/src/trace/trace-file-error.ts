/**
 * A trace file that cannot be read or written as it stands: the message is one line that
 * starts with `file:line:` and says what is wrong there.
 */
export class TraceFileError extends Error {
  override readonly name = 'TraceFileError';

  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
  }
}
