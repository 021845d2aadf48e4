/**
 * Which kernel function requested a flush (spec §3.11, §12): the names `flushesBySite` counts
 * `remote_tlb_flush_requests` under. A flush belongs to the function whose decision asked for
 * it: the call site of a leaf change whose flag the kernel acts on (`mmu_set_spte`,
 * `__kvm_sync_page`'s ORed `sync_spte` results, …), or the operation that flushes at its lock
 * release or return (`kvm_clear_dirty_log_protect`, `kvm_mmu_slot_apply_flags`, …). Policies
 * that move a flush elsewhere keep the site that asked for it.
 */
import type { KernelVersion } from '../encoding/kernel-profile.js';
import type { FlushPointKind, LeafChangeSite, OperationName } from '../ports/flush-policy.js';
import type { MmuFlavour } from './vm-config.js';

/** The kernel function a flush requested for a leaf change is charged to. */
export function flushSiteOfLeafChange(
  op: OperationName,
  site: LeafChangeSite,
  mmu: MmuFlavour,
): string {
  switch (site) {
    // __kvm_sync_page ORs FNAME(sync_spte)'s results for mmu_sync_children; INVLPG flushes the
    // one SPTE it synced (kvm_flush_remote_tlbs_sptep in __kvm_mmu_invalidate_addr); a fault
    // that finds an unsync page syncs and flushes it in kvm_mmu_find_shadow_page (spec §3.10).
    case 'sync_spte':
      return op === 'invlpg'
        ? '__kvm_mmu_invalidate_addr'
        : op === 'page_fault'
          ? 'kvm_mmu_find_shadow_page'
          : '__kvm_sync_page';
    case 'kvm_write_track_add_gfn':
      return '__kvm_write_track_add_gfn';
    case 'init_set_huge_write_protect':
      return 'kvm_arch_mmu_enable_log_dirty_pt_masked';
    case 'zap_collapsible_spte':
      return 'zap_collapsible_spte_range';
    case 'split_huge_page':
      // A TDP fault splitting a huge leaf in place (spec §12.1), or an eager split.
      return op === 'page_fault' ? 'kvm_tdp_mmu_map' : 'tdp_mmu_split_huge_pages_root';
    case 'recover_huge_pages':
      return 'kvm_mmu_recover_huge_pages';
    case 'zap':
      return zapSite(op, mmu);
    default:
      return site;
  }
}

/** The kernel function a flush requested at a flush point is charged to. */
export function flushSiteOfPoint(
  op: OperationName,
  kind: FlushPointKind,
  kernel: KernelVersion,
  mmu: MmuFlavour,
): string {
  if (kind === 'vcpu-entry') return 'vcpu_enter_guest';
  switch (op) {
    case 'enable_dirty_logging':
      return 'kvm_mmu_slot_apply_flags';
    case 'disable_dirty_logging':
      // spec §12.8: the rmaps' one memslot flush, or v6.13's TDP recovery's.
      if (mmu === 'shadow') return 'kvm_rmap_zap_collapsible_sptes';
      return kernel === 'v6.13' ? 'kvm_mmu_recover_huge_pages' : 'kvm_mmu_zap_collapsible_sptes';
    case 'get_dirty_log':
      return 'kvm_get_dirty_log_protect';
    case 'clear_dirty_log':
      return 'kvm_clear_dirty_log_protect';
    case 'reset_dirty_rings':
      return 'kvm_vm_ioctl_reset_dirty_pages';
    case 'clear_flush_young':
    case 'clear_young':
    case 'test_young':
      return `kvm_mmu_notifier_${op}`;
    case 'kvm_write_track_add_gfn':
      return '__kvm_write_track_add_gfn';
    case 'sync_unsync_pages':
      return 'mmu_sync_children';
    case 'invlpg':
      return '__kvm_mmu_invalidate_addr';
    case 'page_fault':
      return 'kvm_mmu_page_fault';
    default:
      return zapSite(op, mmu);
  }
}

/** Zaps: who commits them (spec §3.8), by the operation doing the zapping. */
function zapSite(op: OperationName, mmu: MmuFlavour): string {
  switch (op) {
    case 'invalidate_range':
      return 'kvm_mmu_notifier_invalidate_range_start';
    case 'zap_gfn_range':
      return 'kvm_zap_gfn_range';
    case 'page_fault':
      // A huge leaf in the way of a 4K mapping (spec §3.9; §12.1 for the TDP MMU).
      return mmu === 'tdp' ? 'kvm_tdp_mmu_map' : 'drop_large_spte';
    case 'zap_all_fast':
      return mmu === 'tdp' ? 'kvm_mmu_zap_all_fast' : 'kvm_mmu_commit_zap_page';
    case 'vcpu_entry':
      return 'vcpu_enter_guest';
    default:
      return op;
  }
}
