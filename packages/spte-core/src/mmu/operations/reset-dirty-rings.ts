/**
 * A dirty-ring harvest (spec §4.5): the VMM reads every vCPU's DIRTY entries and marks them
 * for reset, then calls KVM_RESET_DIRTY_RINGS (`kvm_vm_ioctl_reset_dirty_pages`), which for
 * each ring re-protects the reset gfns under `mmu_lock` (one lock hold per ring here; the kernel
 * batches 64-gfn runs) and, after *all* rings, flushes VM-wide if any entry was reset. The VMM
 * copies the harvested pages when the ioctl returns.
 */
import { ACTOR_VMM } from '../actors.js';
import { PendingFlushes } from '../flush-executor.js';
import { type KvmVm, OperationSummary } from '../kvm-vm.js';
import { LOCK_WRITE } from '../mmu-lock.js';
import { reprotectForDirtyLog } from '../dirty-log-reprotect.js';
import { type Operation, STEP_BLOCKED, STEP_DONE, STEP_RUNNING } from './operation.js';

const PC_HARVEST = 0;
const PC_TAKE = 1;
const PC_LOCK = 2;
const PC_PROTECT = 3;
const PC_UNLOCK = 4;
const PC_FLUSH = 5;
const PC_RETURN = 6;

export class ResetDirtyRingsOp implements Operation {
  readonly name = 'reset_dirty_rings' as const;
  readonly actor = ACTOR_VMM;
  private pc = PC_HARVEST;
  private ring = 0;
  private readonly batch: number[] = [];
  /** The gfns the VMM harvested: it copies them once the reset returns. */
  readonly harvested: number[] = [];
  private readonly pending = new PendingFlushes();
  private readonly summary = new OperationSummary();

  constructor(private readonly vm: KvmVm) {}

  step(): number {
    const vm = this.vm;
    switch (this.pc) {
      case PC_HARVEST:
        for (const ring of vm.rings) ring.harvest(this.harvested);
        this.pc = PC_TAKE;
        return STEP_RUNNING;
      case PC_TAKE:
        if (this.ring >= vm.rings.length) {
          this.pc = PC_FLUSH;
          return STEP_RUNNING;
        }
        this.batch.length = 0;
        this.summary.reaped += vm.rings[this.ring]!.takeResettable(this.batch);
        if (this.batch.length === 0) this.ring++;
        else this.pc = PC_LOCK;
        return STEP_RUNNING;
      case PC_LOCK:
        if (!vm.acquireLock(LOCK_WRITE, this.actor, this.name, `lock (ring of vcpu${this.ring})`))
          return STEP_BLOCKED;
        this.pc = PC_PROTECT;
        return STEP_RUNNING;
      case PC_PROTECT:
        for (const gfn of this.batch) {
          reprotectForDirtyLog(vm, this.actor, this.name, gfn, this.pending, this.summary);
        }
        this.pc = PC_UNLOCK;
        return STEP_RUNNING;
      case PC_UNLOCK:
        vm.releaseLock(LOCK_WRITE, this.actor, this.name, this.summary, this.pending);
        this.ring++;
        this.pc = PC_TAKE;
        return STEP_RUNNING;
      case PC_FLUSH:
        // spec §4.5 step 2: one VM-wide flush after all rings, if anything was reset.
        vm.flushPoint('ioctl-return', this.name, this.actor, this.summary, this.pending);
        this.pc = PC_RETURN;
        return STEP_RUNNING;
      default:
        vm.events.milestone(this.actor, this.name, `return (${this.summary.reaped} reset)`, -1);
        vm.events.harvested(this.harvested);
        return STEP_DONE;
    }
  }
}
