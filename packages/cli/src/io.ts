/** Where the CLI writes, so tests can drive commands without a child process. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** stdout is a terminal (colours, progress bars). */
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** The exit code a command asks for when it finishes without throwing (default 0). */
  exitCode: number;
  /**
   * Where progress bars are drawn (stderr of a real process). Absent in tests and embedders:
   * then no progress is shown. A bar is drawn only when this stream and stdout are terminals.
   */
  readonly progressStream?: NodeJS.WriteStream;
}

let pipeGuarded = false;

/**
 * `spte-lab compare | head` closes stdout early; Node then raises EPIPE, which would end the
 * process with a stack trace. The reader has all it wanted, so stop quietly; any other output
 * error is one line on stderr and exit 2.
 */
function guardStdout(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    process.stderr.write(`spte-lab: cannot write to stdout: ${error.message}\n`);
    process.exit(2);
  });
}

export function processIo(): CliIo {
  guardStdout();
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
    exitCode: 0,
    progressStream: process.stderr,
  };
}

/** Collects output in memory (tests, and commands that must write all-or-nothing). */
export function bufferIo(
  overrides: Partial<Pick<CliIo, 'isTTY' | 'env' | 'cwd' | 'progressStream'>> = {},
): CliIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    isTTY: overrides.isTTY ?? false,
    env: overrides.env ?? {},
    cwd: overrides.cwd ?? process.cwd(),
    exitCode: 0,
    progressStream: overrides.progressStream,
    stdout: () => out,
    stderr: () => err,
  };
}
