/**
 * `kvm_mmu_prepare_zap_page` of the shadow page of guest page table `table` (spec §3.8): its
 * leaves — the gfns whose guest PTE the table holds — are dropped (`mmu_page_zap_pte`), and
 * `unaccount_shadowed` undoes `account_shadowed` (the write-track count of an upper-level
 * table, the `disallow_lpage` count, `indirect_shadow_pages`). The caller's
 * `kvm_mmu_commit_zap_page` flushes; an upper-level page's children are not in the store, so
 * only its accounting changes. Returns whether there was a page to zap.
 */
import { PG_LEVEL_4K } from '../../encoding/constants.js';
import type { OperationName } from '../../ports/flush-policy.js';
import type { PendingFlushes } from '../flush-executor.js';
import type { KvmVm, OperationSummary } from '../kvm-vm.js';

export function zapShadowPage(
  vm: KvmVm,
  actor: number,
  op: OperationName,
  table: number,
  pending: PendingFlushes,
  summary: OperationSummary,
): boolean {
  const slot = vm.memslot;
  if (!slot.shadowed[table]) return false;
  const tables = vm.guestTables;
  if (tables.tableLevel[table] === PG_LEVEL_4K) {
    for (let g = 0; g < vm.config.gfns; g++) {
      if (tables.tableOf[g] !== table || vm.store.leafLevel(g) !== PG_LEVEL_4K) continue;
      vm.zapLeaf(actor, op, 'zap', PG_LEVEL_4K, g, pending, summary);
    }
  } else if (slot.writeTrack[table]! > 0) {
    slot.writeTrack[table]!--;
  }
  slot.disallowLpage[table >>> 9]!--;
  slot.shadowed[table] = 0;
  slot.unsync[table] = 0;
  tables.tableLevel[table] = 0;
  tables.flooding[table] = 0;
  tables.indirectShadowPages--;
  // kvm_mmu_commit_zap_page flushes whenever its list is not empty (spec §3.8, §12.10).
  summary.kernelFlushFlag = true;
  vm.events.unshadowed(actor, table, slot.writeTrack[table]! > 0);
  return true;
}
