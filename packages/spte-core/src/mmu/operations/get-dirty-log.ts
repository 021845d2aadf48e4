/**
 * KVM_GET_DIRTY_LOG without manual protect (spec §4.3, `kvm_get_dirty_log_protect`): under
 * `mmu_lock` (write), take each non-zero bitmap word and re-protect exactly those gfns
 * (`kvm_arch_mmu_enable_log_dirty_pt_masked`, W→0 with MW kept, spec §3.6); drop the lock;
 * flush if anything was reaped; return the snapshot to the VMM.
 */
import { ACTOR_VMM } from '../actors.js';
import { PendingFlushes } from '../flush-executor.js';
import { type KvmVm, OperationSummary } from '../kvm-vm.js';
import { LOCK_WRITE } from '../mmu-lock.js';
import { reprotectForDirtyLog } from '../dirty-log-reprotect.js';
import { type Operation, STEP_BLOCKED, STEP_DONE, STEP_RUNNING } from './operation.js';

const PC_LOCK = 0;
const PC_REAP = 1;
const PC_UNLOCK = 2;
const PC_FLUSH = 3;
const PC_RETURN = 4;

export class GetDirtyLogOp implements Operation {
  readonly name = 'get_dirty_log' as const;
  readonly actor = ACTOR_VMM;
  private pc = PC_LOCK;
  private word = 0;
  private synced = false;
  /** The snapshot returned to userspace. */
  readonly reaped: number[] = [];
  private readonly pending = new PendingFlushes();
  private readonly summary = new OperationSummary();

  constructor(private readonly vm: KvmVm) {}

  step(): number {
    const vm = this.vm;
    switch (this.pc) {
      case PC_LOCK:
        if (!this.synced) {
          // kvm_arch_sync_dirty_log (spec §4.3 step 1): with PML, kick the vCPUs to drain it.
          if (vm.memslot.pml) vm.flushes.kickAll(this.actor, this.name);
          this.synced = true;
        }
        if (!vm.acquireLock(LOCK_WRITE, this.actor, this.name)) return STEP_BLOCKED;
        this.pc = PC_REAP;
        return STEP_RUNNING;
      case PC_REAP:
        // One 64-bit word at a time, as `kvm_get_dirty_log_protect` walks its longs.
        while (this.word < vm.memslot.longs) {
          const from = this.reaped.length;
          vm.memslot.takeLong(this.word++, this.reaped);
          for (let i = from; i < this.reaped.length; i++) {
            this.summary.reaped++;
            reprotectForDirtyLog(
              vm,
              this.actor,
              this.name,
              this.reaped[i]!,
              this.pending,
              this.summary,
            );
          }
          if (this.reaped.length === from) continue;
          const last = this.reaped[this.reaped.length - 1]!;
          if (this.word < vm.memslot.longs && vm.fineStepAfter(this.reaped[from]!, last))
            return STEP_RUNNING;
        }
        this.pc = PC_UNLOCK;
        return STEP_RUNNING;
      case PC_UNLOCK:
        vm.releaseLock(LOCK_WRITE, this.actor, this.name, this.summary, this.pending);
        this.pc = PC_FLUSH;
        return STEP_RUNNING;
      case PC_FLUSH:
        // spec §4.3 step 4: "if (flush) kvm_flush_remote_tlbs_memslot" before copy_to_user.
        vm.flushPoint('ioctl-return', this.name, this.actor, this.summary, this.pending);
        this.pc = PC_RETURN;
        return STEP_RUNNING;
      default:
        vm.events.milestone(this.actor, this.name, `return (${this.reaped.length} reaped)`, -1);
        vm.events.harvested(this.reaped);
        return STEP_DONE;
    }
  }
}
