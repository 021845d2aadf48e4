import type { LeafChangeSite, OperationName } from '../ports/flush-policy.js';
import type { PendingFlushes } from './flush-executor.js';
import type { KvmVm, OperationSummary } from './kvm-vm.js';

/**
 * Re-protects one reaped 4K gfn for dirty logging (`kvm_arch_mmu_enable_log_dirty_pt_masked`,
 * spec §3.6): with PML, clear D so the next write sets it and is logged
 * (`kvm_mmu_clear_dirty_pt_masked`); without, clear W, keeping MW
 * (`kvm_mmu_write_protect_pt_masked`). Both work on 4K SPTEs only; true when it wrote.
 */
export function reprotectForDirtyLog(
  vm: KvmVm,
  actor: number,
  op: OperationName,
  gfn: number,
  pending: PendingFlushes,
  summary: OperationSummary,
  site: LeafChangeSite = 'kvm_arch_mmu_enable_log_dirty_pt_masked',
): boolean {
  if (vm.store.leafLevel(gfn) !== 1) return false;
  if (!vm.memslot.pml) return vm.writeProtectLeaf(actor, op, site, 1, gfn, false, pending, summary);
  return vm.clearDirtyLeaf(actor, op, site, 1, gfn, pending, summary);
}
