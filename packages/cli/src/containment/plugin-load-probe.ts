import { Worker } from 'node:worker_threads';
import { CliError } from '../errors.js';
import { builtExecArgv } from '../sweep/worker-exec-argv.js';
import type { WorkerReply, WorkerSetup } from '../sweep/worker-messages.js';
import { builtWorkerUrl } from '../sweep/worker-pool.js';
import { createHeartbeatBuffer } from './heartbeat.js';

/**
 * Imports the `--plugin` values once on a short-lived worker thread before the command imports
 * them itself, so that a plugin whose top-level code never finishes (an endless loop, an
 * `await` of a promise that never settles) stops the command after `timeout` seconds with one
 * line naming it (exit 2) instead of hanging it: code looping on the main thread could not be
 * interrupted, a worker thread can be terminated. A thread that goes idle mid-import (a
 * top-level await of a promise nothing will settle) is reported at once. Any other outcome of the probe — loaded, a
 * throw, a `process.exit` — lets the command go on: its own import reports those as before.
 * `timeout` 0 (`--stall-timeout 0`) skips the probe.
 */
export async function probePluginLoad(
  specifiers: readonly string[],
  cwd: string,
  timeout: number,
): Promise<void> {
  if (specifiers.length === 0 || timeout <= 0) return;
  const worker = new Worker(builtWorkerUrl(), {
    workerData: {
      plugins: specifiers,
      cwd,
      heartbeat: createHeartbeatBuffer(),
      probe: true,
    } satisfies WorkerSetup,
    execArgv: builtExecArgv(process.execArgv),
  });
  let loading: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    const outcome = await new Promise<'done' | 'timeout' | 'drained'>((resolve) => {
      worker.on('message', (reply: WorkerReply) => {
        if (reply.kind !== 'loading') {
          resolve('done');
          return;
        }
        // Each plugin gets the whole timeout, counted from when its import starts (not from
        // the thread's own start, slow on a loaded machine).
        loading = reply.plugin;
        clearTimeout(timer);
        timer = setTimeout(() => resolve('timeout'), timeout * 1000);
      });
      worker.on('error', () => resolve('done'));
      // The thread ran out of things to do mid-import: a top-level await nothing can settle.
      worker.on('exit', () => resolve('drained'));
    });
    // Ended before any plugin's import began: not a plugin's doing; the command's import runs.
    if (outcome === 'done' || loading === undefined) return;
    const which = `plugin '${loading}'`;
    throw new CliError(
      outcome === 'timeout'
        ? `${which} did not finish loading within ${timeout} s (--stall-timeout); stopped it`
        : `${which} can never finish loading: its top-level await waits on nothing that can settle`,
    );
  } finally {
    clearTimeout(timer);
    await worker.terminate();
  }
}
