/**
 * An MMU-notifier invalidation of a gfn range, or `kvm_zap_gfn_range` (spec §3.8, §12.11,
 * §12.12), as the kernel orders it:
 *
 * - `kvm_mmu_notifier_invalidate_range_start` → `__kvm_handle_hva_range`: take `mmu_lock` for
 *   write and, through the `on_lock` hook, `kvm_mmu_invalidate_begin`; the handler
 *   `kvm_mmu_unmap_gfn_range` adds the range (`kvm_mmu_invalidate_range_add`) and zaps
 *   (`kvm_unmap_gfn_range`); `flush_on_ret` flushes before `KVM_MMU_UNLOCK`; the notifier
 *   returns. **The host then unmaps and reuses the pages**: from this step on an access through
 *   the old pfn is an unmap violation (the contract is on start's return, not on end's).
 * - later, `kvm_mmu_notifier_invalidate_range_end`: `mmu_lock` for write again and, through
 *   `on_lock`, `kvm_mmu_invalidate_end` (sequence bumped, count dropped): faults that raced
 *   retry until then (`mmu_invalidate_retry_gfn`).
 *
 * `kvm_zap_gfn_range` does begin, zap, flush and end under one hold of `mmu_lock`, and the
 * pages stay.
 */
import { ACTOR_HOST_MM, ACTOR_VMM } from '../actors.js';
import { PendingFlushes } from '../flush-executor.js';
import { type KvmVm, OperationSummary } from '../kvm-vm.js';
import { LOCK_WRITE } from '../mmu-lock.js';
import { needBreak, yieldMmuLock } from '../cond-resched.js';
import { type Operation, STEP_BLOCKED, STEP_DONE, STEP_RUNNING } from './operation.js';

const PC_LOCK = 0;
const PC_ZAP = 1;
const PC_UNLOCK = 2;
const PC_RETURN = 3;
const PC_END_LOCK = 4;
const PC_END = 5;
const PC_YIELD_RELOCK = 6;

export class InvalidateRangeOp implements Operation {
  readonly actor: number;
  private pc = PC_LOCK;
  private gfn: number;
  private readonly start: number;
  private readonly end: number;
  private readonly pending = new PendingFlushes();
  private readonly summary = new OperationSummary();
  /** Where the zap took (or retook) the lock: it yields only after moving on from there. */
  private walkedFrom: number;

  /**
   * `invalidate_range`: an MMU notifier from the host MM, after which the host reuses the pages.
   * `zap_gfn_range`: `kvm_zap_gfn_range` (MTRR, CR0.CD, APICv changes; spec §3.8) from the
   * VMM side: the same zap and flush, and the pages stay.
   */
  constructor(
    private readonly vm: KvmVm,
    start: number,
    count: number,
    readonly name: 'invalidate_range' | 'zap_gfn_range' = 'invalidate_range',
  ) {
    this.actor = name === 'invalidate_range' ? ACTOR_HOST_MM : ACTOR_VMM;
    this.start = this.gfn = this.walkedFrom = start;
    this.end = Math.min(vm.config.gfns, start + count);
  }

  step(): number {
    switch (this.pc) {
      case PC_LOCK:
        return this.lockAndBegin();
      case PC_ZAP:
        return this.zap();
      case PC_YIELD_RELOCK:
        if (!this.vm.acquireLock(LOCK_WRITE, this.actor, this.name)) return STEP_BLOCKED;
        this.walkedFrom = this.gfn;
        this.pc = PC_ZAP;
        return STEP_RUNNING;
      case PC_UNLOCK:
        return this.unlock();
      case PC_RETURN:
        return this.startReturns();
      case PC_END_LOCK:
        if (!this.vm.acquireLock(LOCK_WRITE, this.actor, 'invalidate_range_end'))
          return STEP_BLOCKED;
        this.pc = PC_END;
        return STEP_RUNNING;
      default:
        return this.endInvalidation();
    }
  }

  /**
   * `mmu_lock` for write, then `kvm_mmu_invalidate_begin` and `kvm_mmu_invalidate_range_add`
   * under it: the count is raised only with the lock held (spec §12.11), so a fault that holds
   * the lock sees either no invalidation or one with its range.
   */
  private lockAndBegin(): number {
    const vm = this.vm;
    if (!vm.acquireLock(LOCK_WRITE, this.actor, this.name, 'lock; kvm_mmu_invalidate_begin'))
      return STEP_BLOCKED;
    vm.mmuInvalidate.begin();
    vm.mmuInvalidate.rangeAdd(this.start, this.end);
    this.pc = PC_ZAP;
    return STEP_RUNNING;
  }

  /**
   * `kvm_unmap_gfn_range` / the zap of `kvm_zap_gfn_range`: every leaf in the range. Both walks
   * may yield to a waiter (`tdp_mmu_zap_leafs` with `can_yield`, `__walk_slot_rmaps`) with
   * `flush_on_yield`: what the zaps owe is flushed at the yield's unlock (spec §12.11). The
   * invalidation stays in progress across the yield, so racing faults still retry.
   */
  private zap(): number {
    const vm = this.vm;
    while (this.gfn < this.end) {
      if (needBreak(vm, this.gfn, this.walkedFrom)) {
        yieldMmuLock(vm, this.actor, this.name, this.summary, this.pending, this.gfn, LOCK_WRITE);
        this.pc = PC_YIELD_RELOCK;
        return STEP_RUNNING;
      }
      const gfn = this.gfn++;
      const level = vm.store.leafLevel(gfn);
      if (level === 0) continue;
      vm.zapLeaf(this.actor, this.name, 'zap', level, gfn, this.pending, this.summary);
      if (this.gfn < this.end && vm.fineStepAfter(gfn)) return STEP_RUNNING;
    }
    this.pc = PC_UNLOCK;
    return STEP_RUNNING;
  }

  /**
   * The flush point before `KVM_MMU_UNLOCK` (the kernel flushes here when anything was zapped).
   * `kvm_zap_gfn_range` ends the invalidation under the same hold: the kernel flushes first and
   * then calls `kvm_mmu_invalidate_end`, which only lock holders can tell apart from this order.
   */
  private unlock(): number {
    const vm = this.vm;
    const notifier = this.name === 'invalidate_range';
    if (!notifier) vm.mmuInvalidate.end();
    vm.releaseLock(
      LOCK_WRITE,
      this.actor,
      this.name,
      this.summary,
      this.pending,
      `unlock (${this.summary.zapped} zapped)`,
      -1,
      this.name,
      notifier ? 'kvm_mmu_notifier_invalidate_range_start' : undefined,
    );
    this.pc = PC_RETURN;
    return STEP_RUNNING;
  }

  /**
   * `invalidate_range_start` (or the ioctl) returns; for the notifier the host unmaps the pages
   * and gives the gfns new ones right away (spec §12.12): the oracle applies from here.
   */
  private startReturns(): number {
    const vm = this.vm;
    vm.flushPoint('ioctl-return', this.name, this.actor, this.summary, this.pending);
    if (this.name === 'zap_gfn_range') {
      vm.events.milestone(this.actor, this.name, 'return', -1);
      return STEP_DONE;
    }
    for (let g = this.start; g < this.end; g++) vm.replaceBacking(g);
    vm.events.milestone(
      this.actor,
      'invalidate_range_start',
      'returned: the host unmaps and reuses the old pages',
      -1,
    );
    this.pc = PC_END_LOCK;
    return STEP_RUNNING;
  }

  /**
   * `kvm_mmu_notifier_invalidate_range_end`: `kvm_mmu_invalidate_end` under `mmu_lock`, then
   * the unlock, which is a flush point too (the kernel flushes nothing here).
   */
  private endInvalidation(): number {
    const vm = this.vm;
    vm.mmuInvalidate.end();
    vm.releaseLock(
      LOCK_WRITE,
      this.actor,
      this.name,
      this.summary,
      this.pending,
      'kvm_mmu_invalidate_end; unlock: faults on the range may map again',
      -1,
      'invalidate_range_end',
      'kvm_mmu_notifier_invalidate_range_end',
    );
    // A policy that answered 'before-return' here has nothing left to return to: run it now.
    vm.flushes.drain(this.pending, 'return', this.actor, this.name);
    return STEP_DONE;
  }
}
