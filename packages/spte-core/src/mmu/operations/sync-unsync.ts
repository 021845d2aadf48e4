/**
 * The guest flushed its TLB, so KVM syncs unsync shadow pages (spec §3.10,
 * `kvm_mmu_sync_roots` → `mmu_sync_children`), under `mmu_lock` (write): write-protect every
 * unsync page's gfn again (W and MW cleared), flush before syncing if that changed a SPTE
 * (`kvm_mmu_remote_flush_or_zap`), then mark the pages synced.
 */
import { PendingFlushes } from '../flush-executor.js';
import { type KvmVm, OperationSummary } from '../kvm-vm.js';
import { LOCK_WRITE } from '../mmu-lock.js';
import { type Operation, STEP_BLOCKED, STEP_DONE, STEP_RUNNING } from './operation.js';

const PC_LOCK = 0;
const PC_PROTECT = 1;
const PC_SYNC = 2;
const PC_UNLOCK = 3;

export class SyncUnsyncOp implements Operation {
  readonly name = 'sync_unsync_pages' as const;
  private pc = PC_LOCK;
  private readonly synced: number[] = [];
  private readonly pending = new PendingFlushes();
  private readonly summary = new OperationSummary();

  constructor(
    private readonly vm: KvmVm,
    readonly actor: number,
    private readonly onReturn: (gfns: readonly number[]) => void = () => {},
  ) {}

  step(): number {
    const vm = this.vm;
    switch (this.pc) {
      case PC_LOCK:
        if (!vm.acquireLock(LOCK_WRITE, this.actor, this.name)) return STEP_BLOCKED;
        this.pc = PC_PROTECT;
        return STEP_RUNNING;
      case PC_PROTECT:
        for (let gfn = 0; gfn < vm.config.gfns; gfn++) {
          if (!vm.memslot.unsync[gfn]) continue;
          this.synced.push(gfn);
          const level = vm.store.leafLevel(gfn);
          if (level !== 0) {
            vm.writeProtectLeaf(
              this.actor,
              this.name,
              'mmu_sync_children',
              level,
              gfn,
              true,
              this.pending,
              this.summary,
            );
          }
        }
        // The kernel flushes here, before syncing (spec §3.10 step 1), not at the unlock: run
        // what the policy deferred to the lock release now.
        vm.flushes.drain(this.pending, 'unlock', this.actor, this.name);
        this.pc = PC_SYNC;
        return STEP_RUNNING;
      case PC_SYNC:
        for (const gfn of this.synced) vm.memslot.unsync[gfn] = 0;
        this.pc = PC_UNLOCK;
        return STEP_RUNNING;
      default:
        vm.releaseLock(
          LOCK_WRITE,
          this.actor,
          this.name,
          this.summary,
          this.pending,
          `unlock (${this.synced.length} synced)`,
        );
        this.onReturn(this.synced);
        return STEP_DONE;
    }
  }
}
