import type { AuditCell, AuditOutcome, CheckReport, Simulator } from '@spte-lab/simulator';
import { CliError } from '../errors.js';
import type { Progress } from '../progress.js';
import { runInOrder } from '../sweep/in-order.js';
import { RunFailureError, runFailure } from '../sweep/run-failure.js';
import { builtWorkerUrl } from '../sweep/worker-pool.js';
import { type Watch, WorkerThread } from '../sweep/worker-thread.js';

/** One check of the audit: a cell of the matrix for one policy. */
export interface AuditJob {
  readonly cell: AuditCell;
  readonly policy: string;
}

export interface AuditRunOptions {
  /** 1 runs inline (without plugins); more start worker threads, as `sweep` does. */
  readonly workers: number;
  readonly simulator: Simulator;
  /** --plugin values and where they resolve from, for the worker threads. */
  readonly plugins: readonly string[];
  readonly cwd: string;
  readonly watch: Watch;
  readonly progress: Progress;
}

/**
 * Runs every job's `check` and returns the outcomes in job order. The checks are independent,
 * so the result does not depend on the number of workers; a check that fails stops the audit
 * with one line naming its configuration.
 */
export async function runAudit(
  jobs: readonly AuditJob[],
  options: AuditRunOptions,
): Promise<AuditOutcome[]> {
  const runnable = jobs.flatMap((job, i) => (job.cell.skipped === undefined ? [i] : []));
  const inline = options.workers <= 1 && options.plugins.length === 0;
  const lanes = inline ? 1 : Math.max(1, Math.min(options.workers, runnable.length));
  const threads = inline
    ? []
    : Array.from(
        { length: lanes },
        () =>
          new WorkerThread(
            builtWorkerUrl(),
            { plugins: options.plugins, cwd: options.cwd },
            options.watch,
          ),
      );
  const check = async (i: number, lane: number): Promise<CheckReport> => {
    const { cell, policy } = jobs[i]!;
    const input = { ...cell.spec, policy };
    if (inline) {
      // Yield once per check so the progress bar can redraw.
      await new Promise<void>((resolve) => setImmediate(resolve));
      try {
        return options.simulator.check(input);
      } catch (error) {
        throw new RunFailureError(runFailure(i, error, options.watch.pluginOf, policy));
      }
    }
    try {
      const task = { name: 'check', input } as const;
      return (await threads[lane]!.request({ kind: 'task', task }, i)) as CheckReport;
    } catch (error) {
      // A task's failure carries no index of its own: name the job.
      if (error instanceof RunFailureError)
        throw new RunFailureError({ ...error.failure, index: i });
      throw error;
    }
  };
  try {
    const show = (i: number, done: number) =>
      options.progress.update(done, `${jobs[i]!.policy} @ ${jobs[i]!.cell.id}`);
    const reports = await runInOrder(runnable, lanes, check, { started: show, finished: show });
    const byJob = new Map(runnable.map((i, k) => [i, reports[k]!]));
    return jobs.map((job, i) =>
      job.cell.skipped !== undefined
        ? { cell: job.cell, policy: job.policy, skipped: job.cell.skipped }
        : { cell: job.cell, policy: job.policy, report: byJob.get(i)! },
    );
  } catch (error) {
    if (error instanceof RunFailureError) {
      if (error.failure.alone) throw new CliError(error.failure.message);
      const job = jobs[error.failure.index];
      const where = job ? `check of policy ${job.policy} @ ${job.cell.id}` : 'a check';
      if (error.failure.plugin || error.failure.usage)
        throw new CliError(`audit: ${where} failed: ${error.failure.message}`);
      throw new Error(`audit: ${where}: ${error.failure.message}`);
    }
    throw error;
  } finally {
    options.progress.stop();
    await Promise.all(threads.map((t) => t.close()));
  }
}
