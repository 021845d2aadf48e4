/**
 * `kvm_mmu_notifier_invalidate_range_start`/`_end` for a gfn range (spec §3.8): mark the range
 * in progress, zap every leaf in it under `mmu_lock` (write), flush before dropping the lock
 * when anything was zapped (the policy's answer), then end the invalidation; the host may then
 * reuse the old pages, so from the return on no access may use them (oracle (c)).
 */
import { ACTOR_HOST_MM, ACTOR_VMM } from '../actors.js';
import { PendingFlushes } from '../flush-executor.js';
import { type KvmVm, OperationSummary } from '../kvm-vm.js';
import { LOCK_WRITE } from '../mmu-lock.js';
import { type Operation, STEP_BLOCKED, STEP_DONE, STEP_RUNNING } from './operation.js';

const PC_BEGIN = 0;
const PC_LOCK = 1;
const PC_ZAP = 2;
const PC_UNLOCK = 3;
const PC_END = 4;

export class InvalidateRangeOp implements Operation {
  readonly actor: number;
  private pc = PC_BEGIN;
  private gfn: number;
  private readonly start: number;
  private readonly end: number;
  private readonly pending = new PendingFlushes();
  private readonly summary = new OperationSummary();

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
    this.start = this.gfn = start;
    this.end = Math.min(vm.config.gfns, start + count);
  }

  step(): number {
    const vm = this.vm;
    switch (this.pc) {
      case PC_BEGIN:
        // kvm_mmu_invalidate_begin: faults on the range retry until _end.
        vm.mmuInvalidateInProgress++;
        for (let g = this.start; g < this.end; g++) vm.invalidating[g]!++;
        this.pc = PC_LOCK;
        return STEP_RUNNING;
      case PC_LOCK:
        if (!vm.acquireLock(LOCK_WRITE, this.actor, this.name)) return STEP_BLOCKED;
        this.pc = PC_ZAP;
        return STEP_RUNNING;
      case PC_ZAP:
        while (this.gfn < this.end) {
          const gfn = this.gfn++;
          const level = vm.store.leafLevel(gfn);
          if (level === 0) continue;
          this.summary.zapped++;
          vm.changeLeaf(
            this.actor,
            this.name,
            'zap',
            level,
            gfn,
            vm.ops.nonPresentLo,
            vm.ops.nonPresentHi,
            this.pending,
            this.summary,
          );
          if (vm.config.fineSteps && this.gfn < this.end) return STEP_RUNNING;
        }
        this.pc = PC_UNLOCK;
        return STEP_RUNNING;
      case PC_UNLOCK:
        vm.releaseLock(
          LOCK_WRITE,
          this.actor,
          this.name,
          this.summary,
          this.pending,
          `unlock (${this.summary.zapped} zapped)`,
        );
        this.pc = PC_END;
        return STEP_RUNNING;
      default:
        vm.mmuInvalidateInProgress--;
        for (let g = this.start; g < this.end; g++) {
          vm.invalidating[g]!--;
          if (this.name === 'invalidate_range') vm.replaceBacking(g);
        }
        vm.flushPoint('ioctl-return', this.name, this.actor, this.summary, this.pending);
        vm.events.milestone(
          this.actor,
          this.name,
          this.name === 'invalidate_range' ? 'return: host reuses the old pages' : 'return',
          -1,
        );
        return STEP_DONE;
    }
  }
}
