import { Worker } from 'node:worker_threads';
import { createHeartbeatBuffer, readHeartbeat } from '../containment/heartbeat.js';
import { RunFailureError, runFailure } from './run-failure.js';
import { builtExecArgv } from './worker-exec-argv.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './worker-messages.js';

/** How the parent watches a thread that runs plugin code. */
export interface Watch {
  /** Seconds a single plugin hook call may run; 0: no watchdog. */
  readonly stallTimeout: number;
  readonly pluginOf: (policy: string) => string | undefined;
  /** True when --plugin code runs in the thread: its unexpected end is then the plugin's. */
  readonly plugins: boolean;
}

/**
 * One worker thread with at most one request in flight. While a request runs, a watchdog on
 * the parent's event loop samples the thread's heartbeat: a plugin hook still inside the same
 * call after `stallTimeout` seconds fails the request with one line naming the plugin, the
 * policy and the hook, and the thread is terminated (an endless loop cannot be interrupted
 * any other way).
 */
export class WorkerThread {
  private readonly worker: Worker;
  private readonly heartbeat = createHeartbeatBuffer();
  private pending?: {
    readonly index: number;
    readonly resolve: (value: unknown) => void;
    readonly reject: (error: Error) => void;
  };
  private gone?: Error;
  private closing = false;
  private timer?: NodeJS.Timeout;

  constructor(
    url: URL,
    setup: Omit<WorkerSetup, 'heartbeat'>,
    private readonly watch: Watch,
  ) {
    this.worker = new Worker(url, {
      workerData: { ...setup, heartbeat: this.heartbeat } satisfies WorkerSetup,
      execArgv: builtExecArgv(process.execArgv),
    });
    this.worker.on('message', (reply: WorkerReply) => {
      if (reply.kind === 'exit') {
        this.lost(new Error(reply.message));
        return;
      }
      const pending = this.settle();
      if (reply.kind === 'done') pending?.resolve(reply.value);
      else if (reply.kind === 'failed') pending?.reject(new RunFailureError(reply.failure));
    });
    // A crash outside any run's try (the thread could not start, ran out of memory, …).
    this.worker.on('error', (error) => this.lost(error));
    this.worker.on('exit', (code) => {
      if (!this.closing) this.lost(new Error(`the worker thread exited with code ${code}`));
    });
  }

  /** `index`: the grid index the request runs (-1 for a task), for the failure. */
  request(message: WorkerRequest, index: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.gone) {
        reject(new RunFailureError(this.lostFailure(index, this.gone)));
        return;
      }
      this.pending = { index, resolve, reject };
      this.startWatchdog();
      this.worker.postMessage(message);
    });
  }

  close(): Promise<number> {
    this.closing = true;
    this.stopWatchdog();
    return this.worker.terminate();
  }

  private startWatchdog(): void {
    const limit = this.watch.stallTimeout * 1000;
    if (!this.watch.plugins || limit <= 0) return;
    let seen = readHeartbeat(this.heartbeat);
    let since = Date.now();
    this.timer = setInterval(
      () => {
        const now = readHeartbeat(this.heartbeat);
        if (now.hook === undefined || now.calls !== seen.calls || now.hook !== seen.hook) {
          seen = now;
          since = Date.now();
        } else if (Date.now() - since >= limit) {
          this.stalled(now.policy, now.hook);
        }
      },
      Math.min(1000, Math.max(10, limit / 4)),
    );
  }

  private stopWatchdog(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private stalled(policy: string, hook: string): void {
    const pending = this.settle();
    this.gone ??= new Error('stopped by the stall watchdog');
    this.closing = true;
    void this.worker.terminate();
    if (!pending) return;
    const seconds = `${this.watch.stallTimeout} s (--stall-timeout); stopped it`;
    const { index } = pending;
    if (hook === 'loading') {
      // `policy` is the plugin as given: its import in this thread never finished.
      const message = `plugin '${policy}' did not finish loading in the worker thread within ${seconds}`;
      pending.reject(new RunFailureError({ index, plugin: true, alone: true, message }));
      return;
    }
    const plugin = this.watch.pluginOf(policy);
    const who =
      plugin === undefined ? `policy '${policy}'` : `plugin '${plugin}': policy '${policy}'`;
    const message = `${who}: ${hook} made no progress for ${seconds}`;
    pending.reject(new RunFailureError({ index, plugin: true, message }));
  }

  private settle() {
    this.stopWatchdog();
    const pending = this.pending;
    this.pending = undefined;
    return pending;
  }

  private lostFailure(index: number, error: Error) {
    // Only a plugin's code can end a thread that has plugins (process.exit is trapped there).
    if (this.watch.plugins)
      return {
        index,
        plugin: true,
        message: `a --plugin's code ended the worker thread running it: ${error.message}`,
      };
    return runFailure(index, error, () => undefined);
  }

  private lost(error: Error): void {
    this.gone ??= error;
    const pending = this.settle();
    pending?.reject(new RunFailureError(this.lostFailure(pending.index, error)));
  }
}
