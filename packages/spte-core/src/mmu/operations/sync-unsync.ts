/**
 * The guest flushed its TLB (MOV CR3, INVPCID), so KVM syncs the unsync shadow pages it can
 * reach (spec §3.10, §12.9; `kvm_mmu_sync_roots` → `mmu_sync_children`), under `mmu_lock`
 * (write), in batches of up to KVM_PAGE_ARRAY_NR pages:
 * 1. write-protect every page's gfn again (`kvm_vcpu_write_protect_gfn`: W and MW cleared) and,
 *    if that protected anything, flush (`kvm_mmu_remote_flush_or_zap(…, true)`) before syncing;
 *    that flush also covers what earlier batches' syncs asked for;
 * 2. unlink each page from the unsync set and sync its SPTEs (`__kvm_sync_page` →
 *    `FNAME(sync_spte)`), ORing their flags;
 * and after the last batch one `kvm_mmu_remote_flush_or_zap` for what is still pending.
 * The model's batch counts only the unsync pages: the kernel's vector also holds the parent
 * pages on their path, so its batches hold fewer. Yields (`need_resched`) are not modelled.
 */
import { PendingFlushes } from '../flush-executor.js';
import { type KvmVm, OperationSummary } from '../kvm-vm.js';
import { LOCK_WRITE } from '../mmu-lock.js';
import { syncSpte } from '../shadow/sync-spte.js';
import { type Operation, STEP_BLOCKED, STEP_DONE, STEP_RUNNING } from './operation.js';

/** `KVM_PAGE_ARRAY_NR`: shadow pages per `mmu_unsync_walk` batch. */
export const KVM_PAGE_ARRAY_NR = 16;

const PC_LOCK = 0;
const PC_PROTECT = 1;
const PC_SYNC = 2;
const PC_UNLOCK = 3;

export class SyncUnsyncOp implements Operation {
  readonly name = 'sync_unsync_pages' as const;
  private pc = PC_LOCK;
  /** The unsync pages (their guest page tables' gfns) found when the lock was taken. */
  private readonly pages: number[] = [];
  /** Index in `pages` of the current batch. */
  private batch = 0;
  private readonly pending = new PendingFlushes();
  private readonly summary = new OperationSummary();
  private readonly scratch = new Uint32Array(2);

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
        for (let gfn = 0; gfn < vm.config.gfns; gfn++)
          if (vm.memslot.unsync[gfn]) this.pages.push(gfn);
        this.pc = this.pages.length > 0 ? PC_PROTECT : PC_UNLOCK;
        return STEP_RUNNING;
      case PC_PROTECT:
        this.protectBatch();
        this.pc = PC_SYNC;
        return STEP_RUNNING;
      case PC_SYNC:
        this.syncBatch();
        this.batch += KVM_PAGE_ARRAY_NR;
        this.pc = this.batch < this.pages.length ? PC_PROTECT : PC_UNLOCK;
        return STEP_RUNNING;
      default:
        vm.releaseLock(
          LOCK_WRITE,
          this.actor,
          this.name,
          this.summary,
          this.pending,
          `unlock (${this.pages.length} synced)`,
        );
        this.onReturn(this.pages);
        return STEP_DONE;
    }
  }

  private protectBatch(): void {
    const vm = this.vm;
    const end = Math.min(this.batch + KVM_PAGE_ARRAY_NR, this.pages.length);
    let protectedAny = false;
    for (let i = this.batch; i < end; i++) {
      const gfn = this.pages[i]!;
      const level = vm.store.leafLevel(gfn);
      if (level === 0) continue;
      protectedAny =
        vm.writeProtectLeaf(
          this.actor,
          this.name,
          'mmu_sync_children',
          level,
          gfn,
          true,
          this.pending,
          this.summary,
        ) || protectedAny;
    }
    // The kernel flushes here, before syncing, not at the unlock: run what the policy
    // deferred to the lock release now.
    if (protectedAny) vm.flushes.drain(this.pending, 'unlock', this.actor, this.name);
  }

  private syncBatch(): void {
    const vm = this.vm;
    const tableOf = vm.guestTables.tableOf;
    const end = Math.min(this.batch + KVM_PAGE_ARRAY_NR, this.pages.length);
    for (let i = this.batch; i < end; i++) {
      const table = this.pages[i]!;
      vm.memslot.unsync[table] = 0; // kvm_unlink_unsync_page
      for (let g = 0; g < vm.config.gfns; g++) {
        if (tableOf[g] === table)
          syncSpte(vm, this.actor, this.name, g, this.pending, this.summary, this.scratch);
      }
    }
  }
}
