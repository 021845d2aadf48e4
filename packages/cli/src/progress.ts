import { Presets, SingleBar } from 'cli-progress';

/** Progress of a batch of runs; a no-op unless a bar is wanted. */
export interface Progress {
  /** `done` runs finished; `label` names the one starting now. */
  update(done: number, label: string): void;
  /** Removes the bar (if one was drawn) so the report starts on a clean line. */
  stop(): void;
}

export interface ProgressOptions {
  readonly total: number;
  /** A terminal to draw on; undefined or not a TTY means no bar. */
  readonly stream: NodeJS.WriteStream | undefined;
  /** False with --quiet, or when stdout is piped (the output is going somewhere else). */
  readonly enabled: boolean;
  /** The bar appears only once the batch has run this long: short runs stay silent. */
  readonly delayMs?: number;
  readonly now?: () => number;
}

const SILENT: Progress = { update: () => undefined, stop: () => undefined };

/**
 * A cli-progress bar on stderr, shown only on a terminal and only for batches that take longer
 * than a second. cli-progress was chosen for its ETA, its throttled redraws and its clean
 * teardown (`clearOnComplete`); it writes nothing at all to a stream that is not a TTY.
 */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream;
  if (!options.enabled || !stream?.isTTY || options.total <= 1) return SILENT;
  const now = options.now ?? Date.now;
  const delayMs = options.delayMs ?? 1000;
  const started = now();
  let bar: SingleBar | undefined;
  return {
    update(done, label) {
      if (!bar) {
        if (now() - started < delayMs) return;
        bar = new SingleBar(
          {
            stream,
            format: '{bar} {value}/{total} runs · ETA {eta_formatted} · {label}',
            hideCursor: true,
            clearOnComplete: true,
            barsize: 24,
          },
          Presets.shades_classic,
        );
        bar.start(options.total, done, { label });
        return;
      }
      bar.update(done, { label });
    },
    stop() {
      bar?.stop();
    },
  };
}

/** Progress of an exhaustive search (`check`): a count with no known total. */
export interface SearchProgress {
  update(statesExplored: number, depth: number): void;
  stop(): void;
}

const SILENT_SEARCH: SearchProgress = { update: () => undefined, stop: () => undefined };

/**
 * A cli-progress line on stderr for `check` — states explored, depth reached, states/s — with
 * the same rules as createProgress: a terminal only, not with --quiet, and only once the search
 * has run for `delayMs` (one second), so quick checks stay silent.
 */
export function createSearchProgress(options: Omit<ProgressOptions, 'total'>): SearchProgress {
  const stream = options.stream;
  if (!options.enabled || !stream?.isTTY) return SILENT_SEARCH;
  const now = options.now ?? Date.now;
  const delayMs = options.delayMs ?? 1000;
  const started = now();
  let bar: SingleBar | undefined;
  return {
    update(statesExplored, depth) {
      const elapsed = now() - started;
      if (!bar && elapsed < delayMs) return;
      const payload = { depth, rate: Math.round((statesExplored * 1000) / Math.max(elapsed, 1)) };
      if (bar) {
        bar.update(statesExplored, payload);
        return;
      }
      bar = new SingleBar({
        stream,
        format: '{value} states explored · depth {depth} · {rate} states/s',
        hideCursor: true,
        clearOnComplete: true,
      });
      bar.start(0, statesExplored, payload);
    },
    stop() {
      bar?.stop();
    },
  };
}
