import { Option } from 'commander';
import { CliError } from './errors.js';

/**
 * Sizes that take hours or write gigabytes start only with `--yes`, after the estimate: a typo
 * such as `--events 1e9` should cost a line, not a full disk or an afternoon.
 */
export function yesOption(): Option {
  return new Option('--yes', 'start even when the estimate says hours or gigabytes');
}

/**
 * Bytes per event of a recorded trace: measured with `trace record --scenario migration-bitmap
 * --events 3000000` (3,000,006 events, 154,799,730 bytes: 51.6 bytes per event).
 */
export const TRACE_BYTES_PER_EVENT = 52;
/** `trace record` asks for --yes above this many bytes. */
export const TRACE_BYTES_LIMIT = 1024 ** 3;
/** `sweep` asks for --yes above this many simulated events in all its runs. */
export const SWEEP_EVENTS_LIMIT = 1e8;

function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}

/** Refuses (exit 2) a trace that would be larger than TRACE_BYTES_LIMIT, unless `yes`. */
export function guardTraceSize(events: number, yes: boolean | undefined): void {
  const bytes = events * TRACE_BYTES_PER_EVENT;
  if (bytes > TRACE_BYTES_LIMIT && !yes)
    throw new CliError(
      `trace record: ${events.toLocaleString('en-US')} events would write about ${gib(bytes)} (about ${TRACE_BYTES_PER_EVENT} bytes per event); add --yes to start it`,
    );
}

/** Refuses (exit 2) a sweep that would simulate more than SWEEP_EVENTS_LIMIT events, unless `yes`. */
export function guardSweepSize(runs: number, events: number, yes: boolean | undefined): void {
  if (events > SWEEP_EVENTS_LIMIT && !yes)
    throw new CliError(
      `sweep: ${runs.toLocaleString('en-US')} run${runs === 1 ? '' : 's'} would simulate about ${events.toExponential(1)} events, hours of work; add --yes to start it (or shrink the grid, or --shard it)`,
    );
}
