/**
 * Enabling dirty logging on the memslot (`kvm_mmu_slot_apply_flags`, spec §4.2, §12.7).
 * - A read-only memslot returns early: nothing is write-protected and nothing flushed.
 * - With manual protect and initially-set every bitmap bit is set; no write-protect, no flush.
 * - Otherwise, with the TDP MMU and `eager_page_split`, huge leaves are split first
 *   (`kvm_mmu_slot_try_split_huge_pages`; children inherit W/MW, no flush, spec §3.9), under
 *   `mmu_lock` for read, which `tdp_mmu_split_huge_pages_root` drops before each page-table
 *   allocation. The shadow MMU never splits eagerly: a write fault does, and flushes
 *   (`__link_shadow_page`, spec §12.7).
 * - Then, in their own lock sections: with PML `kvm_mmu_slot_leaf_clear_dirty` (D cleared on
 *   4K leaves, and on huge leaves too with the TDP MMU) and the 2M write-protect; without,
 *   `kvm_mmu_slot_remove_write_access` on every level (W→0, MW kept, spec §3.5).
 * - Then the unconditional memslot flush before the ioctl returns.
 * The lock is the fault path's mode (read for the TDP MMU, write for the rmaps); every drop is
 * a step other actors can run in, and the walks yield to a waiter (spec §12.11).
 */
import { ACTOR_VMM } from '../actors.js';
import { PendingFlushes } from '../flush-executor.js';
import { type KvmVm, OperationSummary } from '../kvm-vm.js';
import { needBreak, yieldMmuLock } from '../cond-resched.js';
import { type Operation, STEP_BLOCKED, STEP_DONE, STEP_RUNNING } from './operation.js';
import { nextHugeLeaf, splitHugeLeaf } from './split-huge-page.js';

// Each *_LOCK is followed by what runs under the lock, and each *_UNLOCK by the next section.
const PC_FLAGS = 0;
const PC_SPLIT_LOCK = 1;
const PC_SPLIT = 2;
const PC_SPLIT_RELOCK = 3;
const PC_SPLIT_ALLOCATED = 4;
const PC_SPLIT_UNLOCK = 5;
const PC_CLEAR_DIRTY_LOCK = 6;
const PC_CLEAR_DIRTY = 7;
const PC_CLEAR_DIRTY_UNLOCK = 8;
const PC_PROTECT_LOCK = 9;
const PC_PROTECT = 10;
const PC_PROTECT_UNLOCK = 11;
const PC_RETURN = 12;
const PC_YIELD_RELOCK = 13;

export class EnableDirtyLoggingOp implements Operation {
  readonly name = 'enable_dirty_logging' as const;
  readonly actor = ACTOR_VMM;
  private pc = PC_FLAGS;
  private gfn = 0;
  /** The 2M region the eager split is at. */
  private region = 0;
  /** The split holds a page table allocated with the lock dropped, not yet used. */
  private allocated = false;
  /** Where a walk took (or retook) the lock: it yields only after moving on from there. */
  private walkedFrom = 0;
  /** The walk a yield returns to once the lock is retaken. */
  private resumePc = PC_PROTECT;
  private readonly pending = new PendingFlushes();
  private readonly summary = new OperationSummary();

  constructor(private readonly vm: KvmVm) {}

  step(): number {
    const vm = this.vm;
    switch (this.pc) {
      case PC_FLAGS:
        return this.flags();
      case PC_SPLIT_LOCK:
      case PC_CLEAR_DIRTY_LOCK:
      case PC_PROTECT_LOCK:
      case PC_SPLIT_RELOCK:
        if (!vm.acquireLock(vm.faultLockMode, this.actor, this.name)) return STEP_BLOCKED;
        this.pc++;
        return STEP_RUNNING;
      case PC_YIELD_RELOCK:
        if (!vm.acquireLock(vm.faultLockMode, this.actor, this.name)) return STEP_BLOCKED;
        this.walkedFrom = this.gfn;
        this.pc = this.resumePc;
        return STEP_RUNNING;
      case PC_SPLIT:
        return this.split();
      case PC_SPLIT_ALLOCATED:
        if (vm.memslot.eagerSplit === 'fails') {
          vm.events.milestone(this.actor, this.name, 'eager split: no page table (-ENOMEM)', -1);
          this.pc = PC_SPLIT_UNLOCK;
        } else {
          this.allocated = true;
          this.pc = PC_SPLIT;
        }
        return STEP_RUNNING;
      case PC_CLEAR_DIRTY:
        return this.walk(true);
      case PC_PROTECT:
        return this.walk(false);
      case PC_SPLIT_UNLOCK:
      case PC_CLEAR_DIRTY_UNLOCK:
      case PC_PROTECT_UNLOCK:
        vm.releaseLock(vm.faultLockMode, this.actor, this.name, this.summary, this.pending);
        this.gfn = this.walkedFrom = 0;
        this.pc = this.pc === PC_SPLIT_UNLOCK && !vm.memslot.pml ? PC_PROTECT_LOCK : this.pc + 1;
        return STEP_RUNNING;
      default:
        vm.flushPoint('ioctl-return', this.name, this.actor, this.summary, this.pending);
        vm.events.milestone(this.actor, this.name, 'return', -1);
        vm.events.loggingEnabled();
        return STEP_DONE;
    }
  }

  private flags(): number {
    const vm = this.vm;
    const slot = vm.memslot;
    // The new memslot (with KVM_MEM_LOG_DIRTY_PAGES) is installed before apply_flags; with
    // init-set the generic code has set every bitmap bit (spec §4.2 step 2).
    slot.dirtyLogging = true;
    if (slot.manualProtect && slot.initiallySet) slot.setAllDirty();
    if (slot.readOnly || (slot.manualProtect && slot.initiallySet)) {
      vm.events.milestone(
        this.actor,
        this.name,
        slot.readOnly
          ? 'read-only memslot: nothing to protect'
          : 'initially-set: nothing to protect',
        -1,
      );
      this.pc = PC_RETURN;
      return STEP_RUNNING;
    }
    // spec §4.2 step 5: the flush that follows is unconditional (the kernel's own flag).
    this.summary.kernelFlushFlag = true;
    const eager = vm.config.mmu === 'tdp' && slot.eagerSplit !== 'off';
    this.pc = eager ? PC_SPLIT_LOCK : slot.pml ? PC_CLEAR_DIRTY_LOCK : PC_PROTECT_LOCK;
    return STEP_RUNNING;
  }

  /**
   * One step of `tdp_mmu_split_huge_pages_root`: find the next huge leaf; without a page table
   * in hand, drop `mmu_lock` to allocate one (others run) and come back; else split it. A failed
   * allocation (`eager_page_split=fails`) ends the walk with -ENOMEM, leaving the leaves.
   */
  private split(): number {
    const vm = this.vm;
    const base = nextHugeLeaf(vm, this.region * 512, vm.config.gfns);
    if (base < 0) {
      this.pc = PC_SPLIT_UNLOCK;
      return STEP_RUNNING;
    }
    this.region = base >>> 9;
    if (!this.allocated) {
      vm.releaseLock(
        vm.faultLockMode,
        this.actor,
        this.name,
        this.summary,
        this.pending,
        'unlock (eager split allocates a page table)',
        base,
        this.name,
        'tdp_mmu_split_huge_pages_root',
      );
      this.pc = PC_SPLIT_RELOCK;
      return STEP_RUNNING;
    }
    splitHugeLeaf(vm, this.actor, this.name, base, this.pending, this.summary);
    this.allocated = false;
    this.region++;
    return STEP_RUNNING;
  }

  /**
   * `kvm_mmu_slot_leaf_clear_dirty` (`clearDirty`, PML: D cleared on 4K leaves; TDP: every
   * leaf) or the write-protect walk (`kvm_mmu_slot_remove_write_access`: every level without
   * PML, 2M only with it). Results ignored; every leaf keeps MW. One step per SPTE changed with
   * fine steps (`KvmVm.fineStepAfter`).
   */
  private walk(clearDirty: boolean): number {
    const vm = this.vm;
    const pml = vm.memslot.pml;
    while (this.gfn < vm.config.gfns) {
      // kvm_tdp_mmu_wrprot_slot / kvm_tdp_mmu_clear_dirty_slot and the rmap walks yield with
      // flush_on_yield off: the memslot flush at the end covers everything.
      if (needBreak(vm, this.gfn, this.walkedFrom)) {
        yieldMmuLock(vm, this.actor, this.name, this.summary, this.pending, this.gfn);
        this.resumePc = this.pc;
        this.pc = PC_YIELD_RELOCK;
        return STEP_RUNNING;
      }
      const level = vm.store.leafLevel(this.gfn);
      let wrote = false;
      if (clearDirty) {
        // The rmap walk clears 4K leaves only; the TDP walk (`clear_dirty_gfn_range`) clears
        // every leaf, huge ones too, so a split racing with it inherits a clean D (spec §3.6).
        if (level === 1 || (level > 1 && vm.config.mmu === 'tdp'))
          wrote = vm.clearDirtyLeaf(
            this.actor,
            this.name,
            'kvm_mmu_slot_leaf_clear_dirty',
            level,
            this.gfn,
            this.pending,
            this.summary,
          );
      } else if (level > 1 || (level === 1 && !pml)) {
        wrote = vm.writeProtectLeaf(
          this.actor,
          this.name,
          'kvm_mmu_slot_remove_write_access',
          level,
          this.gfn,
          false,
          this.pending,
          this.summary,
        );
      }
      const at = this.gfn;
      this.gfn += level > 1 ? 512 - (at % 512) : 1;
      if (wrote && this.gfn < vm.config.gfns && vm.fineStepAfter(at)) return STEP_RUNNING;
    }
    this.pc++;
    return STEP_RUNNING;
  }
}
