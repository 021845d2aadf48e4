import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RunResult } from '@spte-lab/reporter';
import { type OrderEvents, runInOrder } from './in-order.js';
import { RunFailureError, runFailure } from './run-failure.js';
import type { SweepSpec } from './sweep-spec.js';
import { builtExecArgv } from './worker-exec-argv.js';
import type { RunReply, RunRequest } from './worker-messages.js';
import { sweepWorkerUrl } from './worker-url.js';

/**
 * Runs `indices` of the grid on `workers` worker threads (each with its own simulator) and
 * returns the results in the order of `indices`. Threads are stopped when it returns or throws.
 */
export async function runOnWorkers(
  spec: SweepSpec,
  indices: readonly number[],
  workers: number,
  events: OrderEvents = {},
): Promise<RunResult[]> {
  const url = sweepWorkerUrl();
  if (!existsSync(fileURLToPath(url)))
    throw new Error(`the sweep worker ${fileURLToPath(url)} is not built (npx nx build cli)`);
  const threads = Array.from(
    { length: Math.max(1, Math.min(workers, indices.length)) },
    () => new WorkerThread(url, spec),
  );
  try {
    return await runInOrder(
      indices,
      threads.length,
      (index, lane) => threads[lane]!.run(index),
      events,
    );
  } finally {
    await Promise.all(threads.map((t) => t.close()));
  }
}

/** One worker thread with at most one run in flight. */
class WorkerThread {
  private readonly worker: Worker;
  private pending?: {
    readonly index: number;
    readonly resolve: (run: RunResult) => void;
    readonly reject: (error: Error) => void;
  };
  private gone?: Error;
  private closing = false;

  constructor(url: URL, spec: SweepSpec) {
    this.worker = new Worker(url, { workerData: spec, execArgv: builtExecArgv(process.execArgv) });
    this.worker.on('message', (reply: RunReply) => {
      const pending = this.settle();
      if (reply.kind === 'done') pending?.resolve(reply.run);
      else pending?.reject(new RunFailureError(reply.failure));
    });
    // A crash outside any run's try (the thread could not start, ran out of memory, …).
    this.worker.on('error', (error) => this.lost(error));
    this.worker.on('exit', (code) => {
      if (!this.closing) this.lost(new Error(`the worker thread exited with code ${code}`));
    });
  }

  run(index: number): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      if (this.gone) {
        reject(new RunFailureError(runFailure(index, this.gone, () => undefined)));
        return;
      }
      this.pending = { index, resolve, reject };
      this.worker.postMessage({ index } satisfies RunRequest);
    });
  }

  close(): Promise<number> {
    this.closing = true;
    return this.worker.terminate();
  }

  private settle() {
    const pending = this.pending;
    this.pending = undefined;
    return pending;
  }

  private lost(error: Error): void {
    this.gone ??= error;
    const pending = this.settle();
    pending?.reject(new RunFailureError(runFailure(pending.index, error, () => undefined)));
  }
}
