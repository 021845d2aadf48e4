/**
 * The yield of a long walk under `mmu_lock` (spec §12.11): `tdp_mmu_iter_cond_resched` (TDP MMU)
 * and `__walk_slot_rmaps` (rmaps) drop the lock when another thread waits for it
 * (`rwlock_needbreak`; the model's `MmuLock.contended`) and the walk has made progress since
 * it last yielded. A walk whose caller asked for `flush_on_yield` flushes what it owes first:
 * the operation's lock-release flush point, where the policy sees its kernel flag. Retaking the
 * lock is a later step of the operation, so other actors run in between.
 */
import type { OperationName } from '../ports/flush-policy.js';
import type { PendingFlushes } from './flush-executor.js';
import type { KvmVm, OperationSummary } from './kvm-vm.js';
import type { LockMode } from './mmu-lock.js';

/**
 * Whether a walk about to visit `at` (a gfn, or a 2M region's base), having taken the lock at
 * `walkedFrom`, should yield now: it has moved, a waiter is queued, and `at` is a point where
 * the explorer lets walks yield (`KvmVm.yieldPointAt`).
 */
export function needBreak(vm: KvmVm, at: number, walkedFrom: number): boolean {
  return at > walkedFrom && vm.lock.contended && vm.yieldPointAt(at);
}

/** Drops `mmu_lock` (held in `mode`, by default the fault path's) for a yield at `gfn`. */
export function yieldMmuLock(
  vm: KvmVm,
  actor: number,
  op: OperationName,
  summary: OperationSummary,
  pending: PendingFlushes,
  gfn: number,
  mode: LockMode = vm.faultLockMode,
): void {
  vm.releaseLock(
    mode,
    actor,
    op,
    summary,
    pending,
    'unlock (yield: mmu_lock contended)',
    gfn,
    op,
    vm.config.mmu === 'tdp' ? 'tdp_mmu_iter_cond_resched' : '__walk_slot_rmaps',
  );
}
