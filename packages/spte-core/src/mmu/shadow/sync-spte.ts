/**
 * `FNAME(sync_spte)` (spec §3.10, §9 rows 3 and 10; `paging_tmpl.h`): bring the SPTE of `gfn`
 * in its unsync shadow page up to date with the guest PTE. A guest PTE that is no longer
 * present drops the SPTE (a flush is due); unchanged permissions leave it alone; otherwise the
 * leaf is rebuilt with `make_spte(prefetch=true, synchronizing=true)` and written through
 * `mmu_spte_update`, whose flag — the policy's leaf rule — decides the flush. v6.12's
 * `make_spte` access-tracks every prefetch, so A is cleared (or, without A/D bits, W with MW
 * kept: the refresh the seed patch stops flushing for); v6.13's keeps A when synchronizing.
 */
import { PG_LEVEL_4K } from '../../encoding/constants.js';
import { MAKE_SPTE_MARK_DIRTY } from '../../encoding/make-spte.js';
import type { OperationName } from '../../ports/flush-policy.js';
import type { PendingFlushes } from '../flush-executor.js';
import { GPTE_PRESENT } from '../guest-page-tables.js';
import type { KvmVm, OperationSummary } from '../kvm-vm.js';

export function syncSpte(
  vm: KvmVm,
  actor: number,
  op: OperationName,
  gfn: number,
  pending: PendingFlushes,
  summary: OperationSummary,
  scratch: Uint32Array,
): void {
  // Shadow pages of 4K-level tables hold 4K leaves; kvm_sync_spte skips non-present entries.
  if (vm.store.leafLevel(gfn) !== PG_LEVEL_4K) return;
  const oldLo = vm.store.readLo(PG_LEVEL_4K, gfn);
  const oldHi = vm.store.readHi(PG_LEVEL_4K, gfn);
  const tables = vm.guestTables;
  if ((tables.gpte[gfn]! & GPTE_PRESENT) === 0) {
    // prefetch_invalid_gpte → drop_spte, and sync_spte returns 1: flush.
    vm.zapLeaf(actor, op, 'sync_spte', PG_LEVEL_4K, gfn, pending, summary);
    return;
  }
  const access = tables.pteAccess(gfn, vm.ops.adEnabled);
  if (access === tables.spAccess[gfn]) return;
  tables.spAccess[gfn] = access;
  // mmu_try_to_unsync_pages(synchronizing): -EPERM for a tracked gfn and for any gfn with
  // shadow pages (v6.12: can_unsync = false).
  const unsyncFails = vm.memslot.isWriteTracked(gfn) || vm.memslot.shadowed[gfn] === 1;
  const flags = vm.ops.makeSpte(
    PG_LEVEL_4K,
    access,
    vm.ops.pfn(oldLo, oldHi),
    oldLo,
    oldHi,
    true,
    true,
    unsyncFails,
    vm.memslot.dirtyLogging,
    vm.ops.isHostWritable(oldLo, oldHi),
    scratch,
  );
  // mmu_spte_update writes even an equal value and still reports its flag (spec §9 row 3).
  vm.changeLeaf(
    actor,
    op,
    'sync_spte',
    PG_LEVEL_4K,
    gfn,
    scratch[0]!,
    scratch[1]!,
    pending,
    summary,
  );
  if (flags & MAKE_SPTE_MARK_DIRTY) vm.markPageDirty(gfn, actor);
}
