import type { CostModel } from '@spte-lab/tlb-model';
import type { Task } from '../containment/tasks.js';
import type { RunFailure } from './run-failure.js';
import type { SweepSpec } from './sweep-spec.js';

/** What a worker thread gets once, as `workerData`. */
export interface WorkerSetup {
  /** `--plugin` values as given, resolved from `cwd`. */
  readonly plugins: readonly string[];
  readonly cwd: string;
  readonly costModel?: CostModel;
  /** The heartbeat the thread's plugin hooks write and the parent's watchdog reads. */
  readonly heartbeat: SharedArrayBuffer;
  /** For grid requests: the sweep (or compare) whose runs are asked for by index. */
  readonly sweep?: SweepSpec;
  /**
   * A load probe (containment/plugin-load-probe.ts): import the plugins one by one, say which
   * one is loading, say when all are done, and run nothing.
   */
  readonly probe?: boolean;
}

/** Parent → worker: run this grid index of the sweep, or this task. */
export type WorkerRequest =
  | { readonly kind: 'grid'; readonly index: number }
  | { readonly kind: 'task'; readonly task: Task };

/** Worker → parent: the result, or why it failed. */
export type WorkerReply =
  | { readonly kind: 'done'; readonly value: unknown }
  | { readonly kind: 'failed'; readonly failure: RunFailure }
  /** Plugin code called process.exit outside a hook call (from a timer, say). */
  | { readonly kind: 'exit'; readonly message: string }
  /** A load probe: this --plugin value is being imported now; then all have been. */
  | { readonly kind: 'loading'; readonly plugin: string }
  | { readonly kind: 'loaded' };
