import { availableParallelism } from 'node:os';
import { describePoint, type RunResult } from '@spte-lab/reporter';
import type { Simulator } from '@spte-lab/simulator';
import { CliError } from '../errors.js';
import type { Progress } from '../progress.js';
import { runInOrder } from './in-order.js';
import { createRunByIndex } from './run-by-index.js';
import { type RunFailure, RunFailureError, runFailure } from './run-failure.js';
import { describeRun, gridRun, type SweepSpec } from './sweep-spec.js';
import { runOnWorkers } from './worker-pool.js';

/** One CPU for the parent (progress, merging), the rest for workers; at least one. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

export interface SweepRunOptions {
  /** 1 runs inline on `simulator`; more start that many worker threads (at most one per run). */
  readonly workers: number;
  readonly progress: Progress;
  /** The parent's simulator and plugins, for inline runs. */
  readonly simulator: Simulator;
  readonly pluginOf: (policy: string) => string | undefined;
  /** `--stall-timeout` seconds (0: none): how long one plugin hook call may run. */
  readonly stallTimeout: number;
  /** The command, as failures name it (default 'sweep'). */
  readonly command?: string;
}

/**
 * Runs `indices` of the grid and returns their results in that order. One worker runs inline
 * (no thread to start) unless a --plugin is loaded: plugin code always runs on a worker thread,
 * where the stall watchdog can stop it. More workers run on worker threads. Either way each run
 * is the same function of its index, so the results do not depend on the worker count. A failed
 * run stops the sweep with one line naming it: a plugin's fault is a CliError (exit 2),
 * anything else a bug.
 */
export async function runSweep(
  spec: SweepSpec,
  indices: readonly number[],
  options: SweepRunOptions,
): Promise<RunResult[]> {
  const { progress } = options;
  // A shard of a grid smaller than n holds no runs: no thread to start.
  if (indices.length === 0) return [];
  let label = '';
  const events = {
    started: (index: number, done: number) => {
      label = describeRun(gridRun(spec, index));
      progress.update(done, label);
    },
    finished: (_index: number, done: number) => progress.update(done, label),
  };
  try {
    const plugins = spec.plugins.length > 0;
    if (options.workers <= 1 && !plugins) {
      const run = createRunByIndex(options.simulator, spec);
      return await runInOrder(
        indices,
        1,
        async (index) => {
          // Yield once per run so the progress bar can redraw.
          await new Promise<void>((resolve) => setImmediate(resolve));
          try {
            return run(index);
          } catch (error) {
            throw new RunFailureError(
              runFailure(index, error, options.pluginOf, gridRun(spec, index).policy),
            );
          }
        },
        events,
      );
    }
    const watch = { stallTimeout: options.stallTimeout, pluginOf: options.pluginOf, plugins };
    return await runOnWorkers(spec, indices, options.workers, watch, events);
  } catch (error) {
    if (error instanceof RunFailureError)
      throw failedRun(options.command ?? 'sweep', spec, error.failure);
    throw error;
  } finally {
    progress.stop();
  }
}

/** "run 5 (policy p, scenario s, gfns=8, seed 2)": everything needed to rerun just that one. */
function failedRun(command: string, spec: SweepSpec, failure: RunFailure): Error {
  if (failure.alone) return new CliError(failure.message);
  const run = gridRun(spec, failure.index);
  const point = run.point ? `, ${describePoint(run.point)}` : '';
  const where = `run ${run.index} (policy ${run.policy}, scenario ${run.scenario}${point}, seed ${run.seed})`;
  if (failure.plugin || failure.usage)
    return new CliError(`${command}: ${where} failed: ${failure.message}`);
  const error = new Error(`${command}: ${where}: ${failure.message}`);
  if (failure.stack) error.stack = `${error.message}\n${failure.stack}`;
  return error;
}
