import type { RunResult } from '@spte-lab/reporter';
import type { RunFailure } from './run-failure.js';

/** Parent → worker: run this grid index. The spec came once, as `workerData`. */
export interface RunRequest {
  readonly index: number;
}

/** Worker → parent: the run's result, or why it failed. */
export type RunReply =
  | { readonly kind: 'done'; readonly index: number; readonly run: RunResult }
  | { readonly kind: 'failed'; readonly failure: RunFailure };
