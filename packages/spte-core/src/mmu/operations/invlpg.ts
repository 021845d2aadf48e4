/**
 * Guest INVLPG of the address that maps `gfn` (spec §3.10; `kvm_mmu_invlpg` →
 * `kvm_mmu_invalidate_addr` → `__kvm_mmu_invalidate_addr`): the vCPU's own translation is
 * flushed locally (the caller does that: `flush_tlb_gva`), then under `mmu_lock` (write) the
 * SPTE is synced if its shadow page is unsync (`kvm_sync_spte`), and flushed remotely if the
 * sync asked for it (`kvm_flush_remote_tlbs_sptep`). The page stays unsync: only a root sync
 * write-protects it again.
 */
import { PendingFlushes } from '../flush-executor.js';
import { NO_TABLE } from '../guest-page-tables.js';
import { type KvmVm, OperationSummary } from '../kvm-vm.js';
import { LOCK_WRITE } from '../mmu-lock.js';
import { syncSpte } from '../shadow/sync-spte.js';
import { type Operation, STEP_BLOCKED, STEP_DONE, STEP_RUNNING } from './operation.js';

const PC_LOCK = 0;
const PC_SYNC = 1;
const PC_UNLOCK = 2;

export class InvlpgOp implements Operation {
  readonly name = 'invlpg' as const;
  private pc = PC_LOCK;
  private readonly pending = new PendingFlushes();
  private readonly summary = new OperationSummary();
  private readonly scratch = new Uint32Array(2);

  constructor(
    private readonly vm: KvmVm,
    readonly actor: number,
    readonly gfn: number,
  ) {}

  step(): number {
    const vm = this.vm;
    switch (this.pc) {
      case PC_LOCK:
        if (!vm.acquireLock(LOCK_WRITE, this.actor, this.name, 'lock', this.gfn))
          return STEP_BLOCKED;
        this.pc = PC_SYNC;
        return STEP_RUNNING;
      case PC_SYNC: {
        const table = vm.guestTables.tableOf[this.gfn]!;
        if (table !== NO_TABLE && vm.memslot.unsync[table])
          syncSpte(vm, this.actor, this.name, this.gfn, this.pending, this.summary, this.scratch);
        this.pc = PC_UNLOCK;
        return STEP_RUNNING;
      }
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
