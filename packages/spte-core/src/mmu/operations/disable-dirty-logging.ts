/**
 * Disabling dirty logging (`kvm_mmu_slot_apply_flags`, spec §3.9, §12.8): huge pages become
 * possible again. A read-only memslot returns early. Otherwise, in every 2M region that could
 * be mapped huge again (`kvm_mmu_max_mapping_level` ≥ 2), whatever its children:
 * - TDP MMU, v6.12 (`zap_collapsible_spte_range`): each present page table is zapped, with a
 *   flush per zap; the next faults map 2M leaves.
 * - TDP MMU, v6.13 (`recover_huge_pages_range`): each present page table with a present leaf
 *   is replaced in place by a 2M leaf made from its first present leaf (`make_huge_spte`); one
 *   memslot flush if anything changed. An empty table stays.
 * - Shadow MMU, both (`kvm_rmap_zap_collapsible_sptes`): each 4K leaf of such a region is
 *   zapped; one memslot flush in total if any was.
 * All under `mmu_lock` in the fault path's mode (read for the TDP MMU, write for the rmaps);
 * the walk yields to a waiter (spec §12.11), flushing first what it owes when the kernel walk
 * has `flush_on_yield` (v6.13's recovery, the rmaps; v6.12's zaps flushed already).
 */
import { ACTOR_VMM } from '../actors.js';
import { PendingFlushes } from '../flush-executor.js';
import { type KvmVm, OperationSummary } from '../kvm-vm.js';
import { needBreak, yieldMmuLock } from '../cond-resched.js';
import { type Operation, STEP_BLOCKED, STEP_DONE, STEP_RUNNING } from './operation.js';

const PC_FLAGS = 0;
const PC_LOCK = 1;
const PC_RECOVER = 2;
const PC_UNLOCK = 3;
const PC_YIELD_RELOCK = 4;

export class DisableDirtyLoggingOp implements Operation {
  readonly name = 'disable_dirty_logging' as const;
  readonly actor = ACTOR_VMM;
  private pc = PC_FLAGS;
  private readonly pending = new PendingFlushes();
  private readonly summary = new OperationSummary();
  private readonly scratch = new Uint32Array(2);
  /** The next 2M region to recover, and where the walk took (or retook) the lock. */
  private region = 0;
  private walkedFrom = 0;

  constructor(private readonly vm: KvmVm) {}

  step(): number {
    const vm = this.vm;
    switch (this.pc) {
      case PC_FLAGS:
        vm.memslot.dirtyLogging = false;
        if (vm.memslot.readOnly) {
          vm.events.milestone(this.actor, this.name, 'read-only memslot: nothing to recover', -1);
          return STEP_DONE;
        }
        this.pc = PC_LOCK;
        return STEP_RUNNING;
      case PC_LOCK:
        if (!vm.acquireLock(vm.faultLockMode, this.actor, this.name)) return STEP_BLOCKED;
        this.pc = PC_RECOVER;
        return STEP_RUNNING;
      case PC_YIELD_RELOCK:
        if (!vm.acquireLock(vm.faultLockMode, this.actor, this.name)) return STEP_BLOCKED;
        this.walkedFrom = this.region;
        this.pc = PC_RECOVER;
        return STEP_RUNNING;
      case PC_RECOVER:
        for (; (this.region + 1) * 512 <= vm.config.gfns; this.region++) {
          if (needBreak(vm, this.region * 512, this.walkedFrom * 512)) return this.yield();
          const base = this.region * 512;
          if (vm.maxMappingLevel(base) < 2) continue;
          const before = this.summary.leafChanges;
          if (vm.config.mmu === 'shadow') this.zapCollapsibleLeaves(base);
          else this.recoverTable(base);
          // The explorer's mode: a step per region changed, so others may wait for the lock.
          if (this.summary.leafChanges !== before && vm.fineStepAfter(base)) {
            this.region++;
            return STEP_RUNNING;
          }
        }
        this.pc = PC_UNLOCK;
        return STEP_RUNNING;
      default:
        vm.releaseLock(vm.faultLockMode, this.actor, this.name, this.summary, this.pending);
        return STEP_DONE;
    }
  }

  private yield(): number {
    const { vm, summary } = this;
    const flushOnYield = vm.config.mmu === 'shadow' || vm.config.kernel === 'v6.13';
    yieldMmuLock(vm, this.actor, this.name, summary, this.pending, this.region * 512);
    // The walk flushed what it owed at the yield and starts owing afresh.
    if (flushOnYield) summary.kernelFlushFlag = false;
    this.pc = PC_YIELD_RELOCK;
    return STEP_RUNNING;
  }

  /** The TDP MMU's walk at the 2M level: zap (v6.12) or rebuild (v6.13) a present table. */
  private recoverTable(base: number): void {
    const { vm, scratch } = this;
    const lo = vm.store.readLo(2, base);
    const hi = vm.store.readHi(2, base);
    if (!vm.ops.isPresent(lo, hi) || vm.ops.isLeaf(lo, hi, 2)) return;
    if (vm.config.kernel === 'v6.13') {
      // tdp_mmu_make_huge_spte: -ENOENT without a present leaf below; the table stays.
      let child = base;
      while (
        child < base + 512 &&
        !vm.ops.isPresent(vm.store.readLo(1, child), vm.store.readHi(1, child))
      )
        child++;
      if (child === base + 512) return;
      vm.ops.makeHuge(vm.store.readLo(1, child), vm.store.readHi(1, child), 2, scratch);
      this.freeChildren(base);
      this.summary.kernelFlushFlag = true;
      vm.changeLeaf(
        this.actor,
        this.name,
        'recover_huge_pages',
        2,
        base,
        scratch[0]!,
        scratch[1]!,
        this.pending,
        this.summary,
      );
      return;
    }
    this.freeChildren(base);
    vm.zapLeaf(this.actor, this.name, 'zap_collapsible_spte', 2, base, this.pending, this.summary);
  }

  /** `kvm_mmu_zap_collapsible_spte` on the rmaps of one region's 4K leaves. */
  private zapCollapsibleLeaves(base: number): void {
    const vm = this.vm;
    for (let g = base; g < base + 512; g++) {
      if (vm.store.leafLevel(g) !== 1) continue;
      this.summary.kernelFlushFlag = true;
      vm.zapLeaf(
        this.actor,
        this.name,
        'kvm_mmu_zap_collapsible_spte',
        1,
        g,
        this.pending,
        this.summary,
      );
    }
  }

  /** `handle_removed_pt`: the table's leaves go with it, without flushes of their own. */
  private freeChildren(base: number): void {
    const vm = this.vm;
    for (let g = base; g < base + 512; g++)
      vm.store.write(1, g, vm.ops.nonPresentLo, vm.ops.nonPresentHi);
  }
}
