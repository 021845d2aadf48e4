import type { KernelVersion } from '../encoding/kernel-profile.js';

/**
 * The FlushPolicy port (ARCHITECTURE.md "flush-policies"; spec §3.11): every flush decision the
 * KVM model makes goes through it, so a policy can change any of them. The model reports each
 * leaf SPTE change with its kernel call site, and each flush point (lock release, ioctl return,
 * vCPU entry) with a summary; the policy answers with flush requests.
 */

/** Kernel call sites that change a leaf SPTE, named after the kernel function (spec §3.11). */
export type LeafChangeSite =
  /** Shadow MMU fault path, replacing a present leaf (`mmu_spte_update` result), §3.4. */
  | 'mmu_set_spte'
  /** TDP MMU fault path, §3.4. */
  | 'tdp_mmu_map_handle_target_level'
  /** Fast page fault: W 0→1 and/or un-access-track, lockless, §3.4. */
  | 'fast_pf_fix_direct_spte'
  /** `__kvm_write_track_add_gfn` → `kvm_mmu_slot_gfn_write_protect`, clears MW, §5. */
  | 'kvm_write_track_add_gfn'
  /** `account_shadowed` write-protecting a newly shadowed guest page table, §3.10. */
  | 'account_shadowed'
  /** `mmu_sync_children` write-protecting an unsync page's gfn before syncing it, §3.10. */
  | 'mmu_sync_children'
  /** `FNAME(sync_spte)` syncing an unsync shadow page, §3.10. */
  | 'sync_spte'
  /** Enabling dirty logging: `kvm_mmu_slot_remove_write_access` (W→0, MW kept), §3.5, §4.2. */
  | 'kvm_mmu_slot_remove_write_access'
  /** Enabling logging with PML: `kvm_mmu_slot_leaf_clear_dirty` clears D on 4K SPTEs, §4.2. */
  | 'kvm_mmu_slot_leaf_clear_dirty'
  /** Re-protecting reaped gfns: `kvm_mmu_write_protect_pt_masked` / PML `clear_dirty`, §3.6. */
  | 'kvm_arch_mmu_enable_log_dirty_pt_masked'
  /** Init-set CLEAR_DIRTY_LOG write-protect of covering 2M SPTEs (clears MW), §3.6, §10.1. */
  | 'init_set_huge_write_protect'
  /** Aging: clear A or mark for access tracking, §3.7. */
  | 'kvm_age_gfn'
  /** Present → non-present: MMU-notifier invalidation, zap, §3.8. */
  | 'zap'
  /** Eager huge-page split, §3.9. */
  | 'split_huge_page'
  /** Huge-page recovery in place when logging is disabled (v6.13 TDP MMU), §3.9. */
  | 'recover_huge_pages'
  /** v6.12 TDP huge-page recovery: zap a table whose region could be one huge leaf, §12.8. */
  | 'zap_collapsible_spte'
  /** Shadow MMU huge-page recovery: zap a 4K leaf whose region could be huge (rmaps), §12.8. */
  | 'kvm_mmu_zap_collapsible_spte'
  /** `kvm_mmu_zap_all_fast`: every leaf goes with its invalidated root, §3.8. */
  | 'kvm_mmu_zap_all_fast';

/**
 * One leaf SPTE change, reported after the SPTE store was written. The MMU reuses one object
 * per run (no allocation per change): copy what you need, never keep a reference.
 * SPTE values are given as two unsigned 32-bit words (`lo` = bits 31:0, `hi` = bits 63:32).
 */
export interface LeafChange {
  readonly site: LeafChangeSite;
  /**
   * The operation whose step made the change (its kernel entry point): one site is reached from
   * several, e.g. a 'zap' from an MMU-notifier invalidation, `kvm_zap_gfn_range` or a fault.
   */
  readonly operation: OperationName;
  readonly gfn: number;
  /** PG_LEVEL of the leaf: 1 = 4K, 2 = 2M, 3 = 1G. */
  readonly level: number;
  readonly oldLo: number;
  readonly oldHi: number;
  readonly newLo: number;
  readonly newHi: number;
  /** Old value was shadow-present. */
  readonly oldPresent: boolean;
  /** Old value was a shadow-present leaf (false when a huge leaf replaces a page table). */
  readonly oldLeaf: boolean;
  /** New value is shadow-present. */
  readonly newPresent: boolean;
  /** Both values are present and map different pfns (a zap-and-replace, spec §3.4). */
  readonly pfnChanged: boolean;
  /** MMU-writable bit of the old and new value (spec §1.6). */
  readonly oldMmuWritable: boolean;
  readonly newMmuWritable: boolean;
  /** Hardware W bit of the old and new value. */
  readonly oldWritable: boolean;
  readonly newWritable: boolean;
  /**
   * The change takes away something a TLB entry made from the old value grants: the mapping
   * (zap), the pfn, or R, W or X permission (spec §6.3: reductions need invalidation).
   */
  readonly permissionsReduced: boolean;
  /**
   * The A or D bit of an A/D-enabled leaf went 1→0: SDM 28.3.3.4 asks for INVEPT after that,
   * since a cached D=1 entry will not set D (or log to PML) again (spec §4.6, §6.2).
   */
  readonly accessedDirtyCleared: boolean;
  /**
   * The seed patch's own term decides this change (spec §9): v6.12's `mmu_spte_update()`
   * flushes it only through MW(old) ∧ ¬W(new) — the new SPTE is read-only but still
   * MMU-writable and no A or D bit was cleared — so patch 01 alone would not flush it.
   */
  readonly seedTermOnly: boolean;
  /**
   * What the kernel's own leaf-change rule returns for this change in the kernel version being
   * modelled (`mmu_spte_update()`'s flag; `leaf_spte_change_needs_tlb_flush()` in v6.13), §3.1.
   */
  readonly kernelRuleSaysFlush: (kernel: KernelVersion) => boolean;
}

export type FlushPointKind =
  /** About to release `mmu_lock`. Flushes answered with timing 'now' happen under the lock. */
  | 'lock-release'
  /** An ioctl or notifier is about to return to its caller (after `mmu_lock` was dropped). */
  | 'ioctl-return'
  /** A vCPU is about to enter the guest. */
  | 'vcpu-entry';

/** Operations that reach a flush point, named after the kernel entry point they model. */
export type OperationName =
  | 'page_fault'
  | 'kvm_write_track_add_gfn'
  | 'kvm_write_track_remove_gfn'
  | 'enable_dirty_logging'
  | 'disable_dirty_logging'
  | 'get_dirty_log'
  | 'clear_dirty_log'
  | 'reset_dirty_rings'
  | 'clear_flush_young'
  | 'clear_young'
  | 'test_young'
  | 'invalidate_range'
  | 'zap_gfn_range'
  | 'zap_all_fast'
  | 'sync_unsync_pages'
  /** Guest INVLPG: `kvm_mmu_invlpg` → `__kvm_mmu_invalidate_addr` syncs one SPTE (§3.10). */
  | 'invlpg'
  /** An emulated guest write to a gfn with shadow pages (§3.8, §12.4). */
  | 'kvm_mmu_track_write'
  /** Emulation gave up on a write to a shadowed gfn: zap its shadow pages and retry (§12.4). */
  | 'kvm_mmu_unprotect_gfn_and_retry'
  /** `KVM_PRE_FAULT_MEMORY`: a prefetch fault the VMM asks for on a vCPU (§3.4, §12.3). */
  | 'kvm_arch_vcpu_pre_fault_memory'
  /** Async page fault completion: the prefetch fault of `kvm_arch_async_page_ready` (§3.4). */
  | 'kvm_arch_async_page_ready'
  | 'vcpu_entry';

export interface FlushPointSummary {
  /** Dirty-log bits or ring entries reaped (cleared) by this operation. */
  readonly reaped: number;
  /** Leaf SPTEs changed by this operation so far. */
  readonly leafChanges: number;
  /** Leaf SPTEs made non-present (zapped) by this operation so far. */
  readonly zapped: number;
  /** Young SPTEs found by aging. */
  readonly young: number;
  /**
   * The operation flushes unconditionally in the kernel (enabling dirty logging, §4.2), or the
   * kernel's own per-operation flag is set (e.g. `kvm_mmu_slot_gfn_write_protect` returned
   * true for a write-track add, §5; huge-page recovery changed something, §12.8).
   */
  readonly kernelFlushFlag: boolean;
}

/**
 * The kernel function whose `mmu_lock` release a 'lock-release' flush point is, where one
 * operation drops the lock in more than one place and a fix must tell them apart (issue 18:
 * a flush placed in generic code before the final unlock is not one placed in the x86 hook).
 */
export type LockReleaseSite =
  /** `kvm_clear_dirty_log_protect`'s `KVM_MMU_UNLOCK`, after every word was processed, §4.4. */
  | 'kvm_clear_dirty_log_protect'
  /** `kvm_reset_dirty_gfn`'s `KVM_MMU_UNLOCK`, after one ring batch was re-protected, §4.5. */
  | 'kvm_reset_dirty_gfn'
  /**
   * `tdp_mmu_split_huge_pages_root` dropping the lock to allocate a page table for an eager
   * split, inside `kvm_arch_mmu_enable_log_dirty_pt_masked` (spec §3.9, §10.1).
   */
  | 'tdp_mmu_split_huge_pages_root'
  /** A TDP MMU walk yielding to a waiter on `mmu_lock` (`tdp_mmu_iter_cond_resched`, §12.11). */
  | 'tdp_mmu_iter_cond_resched'
  /** An rmap walk yielding to a waiter on `mmu_lock` (`__walk_slot_rmaps`, §12.11). */
  | '__walk_slot_rmaps'
  /**
   * `__kvm_handle_hva_range`'s `KVM_MMU_UNLOCK` in `kvm_mmu_notifier_invalidate_range_start`,
   * after the zap: the kernel flushes before it (`flush_on_ret`), while the host still maps the
   * old pages (spec §3.8).
   */
  | 'kvm_mmu_notifier_invalidate_range_start'
  /**
   * The `KVM_MMU_UNLOCK` in `kvm_mmu_notifier_invalidate_range_end`, after
   * `kvm_mmu_invalidate_end`: `invalidate_range_start` returned long before and the host may
   * have reused the pages, so a flush here is too late (spec §12.12).
   */
  | 'kvm_mmu_notifier_invalidate_range_end';

export interface FlushPoint {
  readonly kind: FlushPointKind;
  readonly operation: OperationName;
  /** For 'lock-release' points of operations that drop `mmu_lock` in several places. */
  readonly lockSite?: LockReleaseSite;
  /** The vCPU for 'vcpu-entry' and fault paths; -1 otherwise. */
  readonly vcpu: number;
  readonly summary: FlushPointSummary;
}

/** Which TLBs a flush reaches. */
export type FlushScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'range'; readonly gfn: number; readonly count: number }
  | { readonly kind: 'vcpus'; readonly vcpus: readonly number[] };

/**
 * When a requested flush happens:
 * - 'now': before the model takes its next step (under `mmu_lock` if it is held);
 * - 'before-unlock': once, at the next `mmu_lock` release of this operation (coalesced);
 * - 'before-return': once, when the operation returns to its caller (coalesced);
 * - 'next-entry': no IPI; every vCPU flushes at its next VM entry.
 */
export type FlushTiming = 'now' | 'before-unlock' | 'before-return' | 'next-entry';

export interface FlushRequest {
  readonly scope: FlushScope;
  readonly timing: FlushTiming;
}

/** A decision: no flush (`null`/`undefined`), one request, or several. */
export type FlushDecision = FlushRequest | readonly FlushRequest[] | null | undefined;

/**
 * KVM behaviour a policy may change where a fix is not a flush decision (the port's answer to
 * "write-protect huge pages for dirty logging without clearing MW", spec §10.1). Every field
 * left out means the kernel's own behaviour.
 */
export interface KvmBehaviour {
  /**
   * How the init-set CLEAR_DIRTY_LOG path write-protects the 2M SPTEs covering the range
   * (spec §3.6): 'clear-mw' (the kernel: pt_protect, W and MW cleared) or 'keep-mw' (only W
   * cleared, as dirty logging does elsewhere, so a later write-track add still finds MW=1 and
   * flushes).
   */
  readonly initSetHugeWriteProtect?: 'clear-mw' | 'keep-mw';
}

export interface FlushPolicy {
  readonly name: string;
  readonly description: string;
  /**
   * The kernel whose MMU behaviour (make_spte, prefetch, aging) this policy is meant to run
   * with; runs use it unless the user names another. Defaults to v6.13.
   */
  readonly kernel?: KernelVersion;
  /** KVM behaviour this policy changes besides flushing; absent: the kernel's. */
  readonly kvmBehaviour?: KvmBehaviour;
  onLeafChange?(change: LeafChange): FlushDecision;
  onFlushPoint?(point: FlushPoint): FlushDecision;
}

/** Shared request constants, so policies allocate nothing per decision. */
export const FLUSH_ALL_NOW: FlushRequest = Object.freeze({
  scope: Object.freeze({ kind: 'all' as const }),
  timing: 'now' as const,
});
export const FLUSH_ALL_BEFORE_UNLOCK: FlushRequest = Object.freeze({
  scope: Object.freeze({ kind: 'all' as const }),
  timing: 'before-unlock' as const,
});
export const FLUSH_ALL_BEFORE_RETURN: FlushRequest = Object.freeze({
  scope: Object.freeze({ kind: 'all' as const }),
  timing: 'before-return' as const,
});
