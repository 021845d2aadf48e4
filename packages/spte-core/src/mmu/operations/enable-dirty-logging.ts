/**
 * Enabling dirty logging on the memslot (spec §4.2, `kvm_mmu_slot_apply_flags`) without PML.
 * With manual protect and initially-set: every bit set, nothing protected, no flush. Otherwise:
 * optionally split huge leaves eagerly (spec §3.9: children inherit W/MW, no flush on the TDP
 * MMU), write-protect every leaf (W→0, MW kept, spec §3.5), drop `mmu_lock`, then the
 * unconditional memslot flush before the ioctl returns.
 */
import { ACTOR_VMM } from '../actors.js';
import { PendingFlushes } from '../flush-executor.js';
import { type KvmVm, OperationSummary } from '../kvm-vm.js';
import { reprotectForDirtyLog } from '../dirty-log-reprotect.js';
import { type Operation, STEP_BLOCKED, STEP_DONE, STEP_RUNNING } from './operation.js';
import { splitHugeLeaves } from './split-huge-page.js';

const PC_FLAGS = 0;
const PC_LOCK = 1;
const PC_SPLIT = 2;
const PC_PROTECT = 3;
const PC_UNLOCK = 4;
const PC_RETURN = 5;

export class EnableDirtyLoggingOp implements Operation {
  readonly name = 'enable_dirty_logging' as const;
  readonly actor = ACTOR_VMM;
  private pc = PC_FLAGS;
  private gfn = 0;
  private readonly pending = new PendingFlushes();
  private readonly summary = new OperationSummary();

  constructor(private readonly vm: KvmVm) {}

  step(): number {
    const vm = this.vm;
    switch (this.pc) {
      case PC_FLAGS:
        // The new memslot (with KVM_MEM_LOG_DIRTY_PAGES) is installed before apply_flags.
        vm.memslot.dirtyLogging = true;
        if (vm.memslot.manualProtect && vm.memslot.initiallySet) {
          // spec §4.2 step 2: every bit starts set; no write-protect and no flush now.
          vm.memslot.setAllDirty();
          this.pc = PC_RETURN;
        } else {
          // spec §4.2 step 5: the flush that follows is unconditional (the kernel's own flag).
          this.summary.kernelFlushFlag = true;
          this.pc = PC_LOCK;
        }
        return STEP_RUNNING;
      case PC_LOCK:
        if (!vm.acquireLock(vm.faultLockMode, this.actor, this.name)) return STEP_BLOCKED;
        this.pc = PC_SPLIT;
        return STEP_RUNNING;
      case PC_SPLIT:
        splitHugeLeaves(vm, this.actor, this.name, 0, vm.config.gfns, this.pending, this.summary);
        this.pc = PC_PROTECT;
        return STEP_RUNNING;
      case PC_PROTECT:
        // Without PML: kvm_mmu_slot_remove_write_access(PG_LEVEL_4K), every level. With PML:
        // kvm_mmu_slot_leaf_clear_dirty on 4K SPTEs, and the 2M write-protect for huge ones
        // (spec §4.2 step 4). Results ignored; all keep MW.
        while (this.gfn < vm.config.gfns) {
          const level = vm.store.leafLevel(this.gfn);
          const wrote =
            level === 1 && vm.memslot.pml
              ? reprotectForDirtyLog(
                  vm,
                  this.actor,
                  this.name,
                  this.gfn,
                  this.pending,
                  this.summary,
                  'kvm_mmu_slot_leaf_clear_dirty',
                )
              : level !== 0 &&
                vm.writeProtectLeaf(
                  this.actor,
                  this.name,
                  'kvm_mmu_slot_remove_write_access',
                  level,
                  this.gfn,
                  false,
                  this.pending,
                  this.summary,
                );
          this.gfn += level > 1 ? 512 - (this.gfn % 512) : 1;
          if (wrote && vm.config.fineSteps && this.gfn < vm.config.gfns) return STEP_RUNNING;
        }
        this.pc = PC_UNLOCK;
        return STEP_RUNNING;
      case PC_UNLOCK:
        vm.releaseLock(vm.faultLockMode, this.actor, this.name, this.summary, this.pending);
        this.pc = PC_RETURN;
        return STEP_RUNNING;
      default:
        vm.flushPoint('ioctl-return', this.name, this.actor, this.summary, this.pending);
        vm.events.milestone(this.actor, this.name, 'return', -1);
        vm.events.loggingEnabled();
        return STEP_DONE;
    }
  }
}
