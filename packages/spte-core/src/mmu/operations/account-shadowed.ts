/**
 * The guest walks `gfn` as a page table and KVM looks for its shadow page (spec §3.10,
 * `kvm_mmu_get_shadow_page`), under the fault's `mmu_lock` (write).
 * - A new one is accounted (`account_shadowed`): a 4K-level table's gfn is write-protected
 *   directly (W and MW cleared, `kvm_mmu_slot_gfn_write_protect`) and flushed if that changed a
 *   SPTE; it may later go unsync. A higher-level table is write-tracked instead
 *   (`__kvm_write_track_add_gfn`, spec §5), so guest writes to it are always emulated.
 * - An existing one that is unsync is synced (`kvm_mmu_find_shadow_page` → `kvm_sync_page`,
 *   flushed if a SPTE asked for it) but stays unsync; its write-flooding count is reset.
 */
import { PendingFlushes } from '../flush-executor.js';
import { type KvmVm, OperationSummary } from '../kvm-vm.js';
import { LOCK_WRITE } from '../mmu-lock.js';
import { syncSpte } from '../shadow/sync-spte.js';
import { type Operation, STEP_BLOCKED, STEP_DONE, STEP_RUNNING } from './operation.js';

const PC_LOCK = 0;
const PC_SHADOW = 1;
const PC_UNLOCK = 2;

export class AccountShadowedOp implements Operation {
  readonly name = 'page_fault' as const;
  private pc = PC_LOCK;
  private readonly pending = new PendingFlushes();
  private readonly summary = new OperationSummary();
  private readonly scratch = new Uint32Array(2);

  constructor(
    private readonly vm: KvmVm,
    readonly actor: number,
    readonly gfn: number,
    /** Level of the guest page table the gfn holds: 1 = a 4K-level table (unsync allowed). */
    readonly tableLevel: number,
    private readonly onReturn: (gfn: number) => void = () => {},
  ) {}

  step(): number {
    const { vm, gfn } = this;
    switch (this.pc) {
      case PC_LOCK:
        if (!vm.acquireLock(LOCK_WRITE, this.actor, 'account_shadowed', 'lock', gfn))
          return STEP_BLOCKED;
        this.pc = PC_SHADOW;
        return STEP_RUNNING;
      case PC_SHADOW: {
        if (vm.memslot.shadowed[gfn]) {
          this.findShadowPage();
          this.pc = PC_UNLOCK;
          return STEP_RUNNING;
        }
        const tables = vm.guestTables;
        vm.memslot.disallowLpage[gfn >>> 9]!++;
        vm.memslot.shadowed[gfn] = 1;
        vm.memslot.unsync[gfn] = 0;
        tables.tableLevel[gfn] = this.tableLevel;
        tables.indirectShadowPages++;
        if (this.tableLevel > 1 && vm.memslot.writeTrack[gfn]! < 0xffff)
          vm.memslot.writeTrack[gfn]!++;
        const level = vm.store.leafLevel(gfn);
        if (level !== 0) {
          const changed = vm.writeProtectLeaf(
            this.actor,
            this.name,
            'account_shadowed',
            level,
            gfn,
            true,
            this.pending,
            this.summary,
          );
          // kvm_mmu_slot_gfn_write_protect() found W=0 and MW=0 (e.g. an init-set
          // CLEAR_DIRTY_LOG's unflushed 2M write-protect, issue 18): no flush follows.
          if (!changed)
            vm.events.milestone(
              this.actor,
              'account_shadowed',
              `L${level} SPTE already W=0 MW=0: write-protect returns false, so no flush`,
              gfn,
            );
        }
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
          gfn,
          'account_shadowed',
        );
        this.onReturn(gfn);
        return STEP_DONE;
    }
  }

  /** `kvm_mmu_find_shadow_page` on a gfn already shadowed (the model keeps one page per gfn). */
  private findShadowPage(): void {
    const { vm, gfn } = this;
    const tables = vm.guestTables;
    tables.flooding[gfn] = 0; // __clear_sp_write_flooding_count
    if (!vm.memslot.unsync[gfn]) return;
    for (let g = 0; g < vm.config.gfns; g++) {
      if (tables.tableOf[g] === gfn)
        syncSpte(vm, this.actor, this.name, g, this.pending, this.summary, this.scratch);
    }
  }
}
