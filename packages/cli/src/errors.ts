/** Exit codes, as documented in the README: 0 ok, 1 violations found, 2 bad usage or input. */
export const EXIT_OK = 0;
export const EXIT_VIOLATIONS = 1;
export const EXIT_USAGE = 2;

/**
 * An error the user caused (bad argument, unreadable file, malformed input). It is printed as
 * one line naming the input and the problem, never with a stack trace.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_USAGE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
