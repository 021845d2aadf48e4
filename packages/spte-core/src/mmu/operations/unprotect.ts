/**
 * `kvm_mmu_unprotect_gfn_and_retry` (spec §12.4): emulating a write to a shadowed gfn with an
 * instruction that does not write page tables (`x86_page_table_writing_insn` false, e.g. a
 * `rep stos` clearing a page the guest stopped using as a table) makes KVM zap the gfn's shadow
 * pages instead (`kvm_mmu_prepare_zap_page`, then `kvm_mmu_commit_zap_page`, which flushes) and
 * let the vCPU retry the instruction natively. `unprotected` says whether anything was zapped;
 * if not, the write is emulated after all.
 */
import { PendingFlushes } from '../flush-executor.js';
import { type KvmVm, OperationSummary } from '../kvm-vm.js';
import { LOCK_WRITE } from '../mmu-lock.js';
import { zapShadowPage } from '../shadow/zap-shadow-page.js';
import { type Operation, STEP_BLOCKED, STEP_DONE, STEP_RUNNING } from './operation.js';

const PC_LOCK = 0;
const PC_ZAP = 1;
const PC_UNLOCK = 2;

export class UnprotectOp implements Operation {
  readonly name = 'kvm_mmu_unprotect_gfn_and_retry' as const;
  private pc = PC_LOCK;
  unprotected = false;
  private readonly pending = new PendingFlushes();
  private readonly summary = new OperationSummary();

  constructor(
    private readonly vm: KvmVm,
    readonly actor: number,
    readonly gfn: number,
  ) {}

  step(): number {
    const vm = this.vm;
    switch (this.pc) {
      case PC_LOCK:
        if (vm.guestTables.indirectShadowPages === 0) return STEP_DONE;
        if (!vm.acquireLock(LOCK_WRITE, this.actor, this.name, 'lock', this.gfn))
          return STEP_BLOCKED;
        this.pc = PC_ZAP;
        return STEP_RUNNING;
      case PC_ZAP:
        this.unprotected = zapShadowPage(
          vm,
          this.actor,
          this.name,
          this.gfn,
          this.pending,
          this.summary,
        );
        this.pc = PC_UNLOCK;
        return STEP_RUNNING;
      default:
        vm.releaseLock(
          LOCK_WRITE,
          this.actor,
          this.name,
          this.summary,
          this.pending,
          'unlock',
          this.gfn,
        );
        return STEP_DONE;
    }
  }
}
