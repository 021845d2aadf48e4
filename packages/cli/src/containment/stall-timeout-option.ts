import { InvalidArgumentError, Option } from 'commander';

/** The default `--stall-timeout`: long enough for any real hook on a loaded machine. */
export const DEFAULT_STALL_TIMEOUT = 60;

function seconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 86_400)
    throw new InvalidArgumentError(`'${value}' is not a number of seconds from 0 to 86400`);
  return n;
}

/**
 * `--stall-timeout <seconds>`, for every command that takes --plugin: a plugin hook call that
 * has not returned after this long stops the command (exit 2) naming the plugin, the hook and
 * the run; so does a plugin whose loading (its top-level code) has not finished, naming the
 * plugin. 0 turns the watchdog off.
 */
export function stallTimeoutOption(): Option {
  return new Option(
    '--stall-timeout <seconds>',
    'with --plugin: stop (exit 2) when a plugin takes this long to load or one of its hook calls runs this long; 0: never',
  )
    .argParser(seconds)
    .default(DEFAULT_STALL_TIMEOUT);
}
