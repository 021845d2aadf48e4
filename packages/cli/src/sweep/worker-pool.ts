import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '@spte-lab/reporter';
import { type OrderEvents, runInOrder } from './in-order.js';
import type { SweepSpec } from './sweep-spec.js';
import { type Watch, WorkerThread } from './worker-thread.js';
import { sweepWorkerUrl } from './worker-url.js';

/** The worker threads' entry file; an error if it was not built. */
export function builtWorkerUrl(): URL {
  const url = sweepWorkerUrl();
  if (!existsSync(fileURLToPath(url)))
    throw new Error(`the worker ${fileURLToPath(url)} is not built (npx nx build cli)`);
  return url;
}

/**
 * Runs `indices` of the grid on `workers` worker threads (each with its own simulator) and
 * returns the results in the order of `indices`. Threads are stopped when it returns or throws.
 */
export async function runOnWorkers(
  spec: SweepSpec,
  indices: readonly number[],
  workers: number,
  watch: Watch,
  events: OrderEvents = {},
): Promise<RunResult[]> {
  const url = builtWorkerUrl();
  const setup = { plugins: spec.plugins, cwd: spec.cwd, costModel: spec.costModel, sweep: spec };
  const threads = Array.from(
    { length: Math.max(1, Math.min(workers, indices.length)) },
    () => new WorkerThread(url, setup, watch),
  );
  try {
    return await runInOrder(
      indices,
      threads.length,
      (index, lane) => threads[lane]!.request({ kind: 'grid', index }, index) as Promise<RunResult>,
      events,
    );
  } finally {
    await Promise.all(threads.map((t) => t.close()));
  }
}
