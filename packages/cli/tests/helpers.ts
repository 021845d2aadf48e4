import { bufferIo, type CliIo, runCli } from '../src/index.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in-process, as a pipe would see it (not a TTY) unless told otherwise. */
export async function cli(
  argv: string[],
  overrides: Partial<Pick<CliIo, 'isTTY' | 'env' | 'cwd' | 'progressStream'>> = {},
): Promise<CliRun> {
  const io = bufferIo(overrides);
  const code = await runCli(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

/** A small, fast comparison that still has a violating policy (`never`). */
export const SMALL = ['--policies', 'kvm-v6.13,never', '--scenarios', 'migration-bitmap'];

/** The start of every ANSI escape sequence. */
export const ESC = '\u001b[';
