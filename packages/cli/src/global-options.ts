import type { Command } from 'commander';
import { useColor } from './commands/options.js';
import type { CliIo } from './io.js';

/** The options every command accepts (defined once, on the program). */
export interface GlobalFlags {
  /** No progress bars and no notes on stderr; results and errors are still printed. */
  readonly quiet: boolean;
  /** Stack traces for unexpected errors. */
  readonly debug: boolean;
  /** ANSI colours on stdout: a terminal, no NO_COLOR (https://no-color.org), no --no-color. */
  readonly color: boolean;
}

export function globalFlags(command: Command, io: CliIo): GlobalFlags {
  const opts = command.optsWithGlobals<{ quiet?: boolean; debug?: boolean; color?: boolean }>();
  return {
    quiet: opts.quiet === true,
    debug: opts.debug === true,
    color: opts.color !== false && useColor(io.isTTY, io.env),
  };
}
