import type { OperationName } from '../../ports/flush-policy.js';

/** The operation took a step and has more to do. */
export const STEP_RUNNING = 0;
/** The operation finished with this step. */
export const STEP_DONE = 1;
/** The operation could not take its step (e.g. `mmu_lock` is held); try again later. */
export const STEP_BLOCKED = 2;

/**
 * A KVM operation as a step machine (ARCHITECTURE.md "Concurrency"): each `step()` is atomic
 * with respect to every other actor; boundaries are at least at `mmu_lock` acquire/release and
 * at every flush, and in fine mode at every SPTE update.
 */
export interface Operation {
  readonly name: OperationName;
  readonly actor: number;
  step(): number;
}
