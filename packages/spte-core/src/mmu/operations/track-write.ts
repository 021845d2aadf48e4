/**
 * `kvm_mmu_track_write` (spec §3.8, §12.4): an emulated guest write to `gfn` while the VM has
 * indirect shadow pages, under `mmu_lock` (write). `mmu_pte_write` counts it; if `gfn` is a
 * shadowed guest page table, the SPTE its written entry maps is zapped (`mmu_page_zap_pte`) —
 * for a 4K-level table the leaf of `pteGfn`, the gfn whose guest PTE was written — or, for an
 * upper-level table written for the third time (`detect_write_flooding`), the whole shadow
 * page. `kvm_mmu_remote_flush_or_zap` flushes when a present entry was zapped or a page was.
 */
import { PG_LEVEL_4K } from '../../encoding/constants.js';
import { PendingFlushes } from '../flush-executor.js';
import { WRITE_FLOODING_LIMIT } from '../guest-page-tables.js';
import { type KvmVm, OperationSummary } from '../kvm-vm.js';
import { LOCK_WRITE } from '../mmu-lock.js';
import { zapShadowPage } from '../shadow/zap-shadow-page.js';
import { type Operation, STEP_BLOCKED, STEP_DONE, STEP_RUNNING } from './operation.js';

const PC_LOCK = 0;
const PC_ZAP = 1;
const PC_UNLOCK = 2;

export class TrackWriteOp implements Operation {
  readonly name = 'kvm_mmu_track_write' as const;
  private pc = PC_LOCK;
  private readonly pending = new PendingFlushes();
  private readonly summary = new OperationSummary();

  constructor(
    private readonly vm: KvmVm,
    readonly actor: number,
    readonly gfn: number,
    /** The gfn whose guest PTE the write changed, or -1 for a write the model does not place. */
    readonly pteGfn: number,
  ) {}

  step(): number {
    const vm = this.vm;
    switch (this.pc) {
      case PC_LOCK:
        // No indirect shadow pages: kvm_mmu_track_write returns before taking the lock.
        if (vm.guestTables.indirectShadowPages === 0) return STEP_DONE;
        if (!vm.acquireLock(LOCK_WRITE, this.actor, this.name, 'lock', this.gfn))
          return STEP_BLOCKED;
        this.pc = PC_ZAP;
        return STEP_RUNNING;
      case PC_ZAP:
        vm.stats.mmu_pte_write++;
        if (vm.memslot.shadowed[this.gfn]) this.zapWritten();
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

  private zapWritten(): void {
    const { vm, gfn } = this;
    const tables = vm.guestTables;
    if (tables.tableLevel[gfn] !== PG_LEVEL_4K) {
      if (++tables.flooding[gfn]! >= WRITE_FLOODING_LIMIT) {
        zapShadowPage(vm, this.actor, this.name, gfn, this.pending, this.summary);
        return;
      }
      // The written entry is a present directory entry (its child pages are not modelled).
      this.summary.kernelFlushFlag = true;
      return;
    }
    const g = this.pteGfn;
    if (g < 0 || tables.tableOf[g] !== gfn || vm.store.leafLevel(g) !== PG_LEVEL_4K) return;
    this.summary.kernelFlushFlag = true;
    vm.zapLeaf(this.actor, this.name, 'zap', PG_LEVEL_4K, g, this.pending, this.summary);
  }
}
