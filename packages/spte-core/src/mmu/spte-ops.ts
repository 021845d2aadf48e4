import type { KernelVersion } from '../encoding/kernel-profile.js';

/**
 * The SPTE operations the MMU model needs, bound to one (format, kernel) pair. All take and
 * return SPTE values as two unsigned 32-bit words; 64-bit results go to `out[0..1]`.
 * `bindSpteOps()` implements it with the encoding module's word-level ("hot") face.
 */
export interface SpteOps {
  /** `kvm_ad_enabled`: the format has hardware A/D bits. */
  readonly adEnabled: boolean;
  readonly nonPresentLo: number;
  readonly nonPresentHi: number;
  isPresent(lo: number, hi: number): boolean;
  isLeaf(lo: number, hi: number, level: number): boolean;
  isWritable(lo: number, hi: number): boolean;
  isMmuWritable(lo: number, hi: number): boolean;
  /** The host-writable bit (`shadow_host_writable_mask`, spec §1.6). */
  isHostWritable(lo: number, hi: number): boolean;
  /** `check_spte_writable_invariants()` holds: MW ⇒ HW and ¬MW ⇒ ¬W (spec §1.6). */
  writableInvariantsHold(lo: number, hi: number): boolean;
  /** `spte_ad_enabled()` (spec §2). */
  spteAdEnabled(lo: number, hi: number): boolean;
  pfn(lo: number, hi: number): number;
  /** spec §6.1: does the SPTE let a read / write / exec access through? */
  allows(lo: number, hi: number, access: number): boolean;
  readable(lo: number, hi: number): boolean;
  executable(lo: number, hi: number): boolean;
  dirty(lo: number, hi: number): boolean;
  /** Hardware A/D assist on the word pair (atomic OR of A, and D when `dirty`). */
  setAccessedDirty(lo: number, hi: number, dirty: boolean, out: Uint32Array): void;
  /**
   * The SPTE is present to the hardware walker (the fault error code's P bit): shadow-present
   * and not access-tracked (an access-tracked EPT entry has RWX = 0, spec §2, §12.6).
   */
  isHwPresent(lo: number, hi: number): boolean;
  /**
   * `make_spte()` (spec §3.2) with the given inputs (`pteAccess`: ACC_* bits, ACC_ALL for a
   * direct MMU); returns the encoding's MAKE_SPTE_WRPROT | MAKE_SPTE_MARK_DIRTY flags.
   */
  makeSpte(
    level: number,
    pteAccess: number,
    pfn: number,
    oldLo: number,
    oldHi: number,
    prefetch: boolean,
    synchronizing: boolean,
    unsyncFails: boolean,
    dirtyLogging: boolean,
    hostWritable: boolean,
    out: Uint32Array,
  ): number;
  /** `make_nonleaf_spte()` for a page table (spec §3.2); its address does not matter here. */
  makeNonLeaf(out: Uint32Array): void;
  /** `make_small_spte()`: the 4K child `index` of a 2M leaf, inheriting W/D/A/MW/HW (spec §3.9). */
  makeSmall(hugeLo: number, hugeHi: number, index: number, out: Uint32Array): void;
  /** `make_huge_spte()`: a `level` leaf from one of its 4K children (spec §3.2, §3.9). */
  makeHuge(smallLo: number, smallHi: number, level: number, out: Uint32Array): void;
  /**
   * `spte_clear_dirty` / `spte_wrprot_for_clear_dirty` (spec §3.6, the PML path): D cleared,
   * or W for SPTEs that need write-protection; returns true when it wrote.
   */
  clearDirty(lo: number, hi: number, out: Uint32Array): boolean;
  /** `spte_write_protect()` (spec §3.5): returns true when it wrote (`changed`). */
  writeProtect(lo: number, hi: number, ptProtect: boolean, out: Uint32Array): boolean;
  /**
   * One pass of `fast_page_fault()` (spec §3.4): the encoding's FAST_PF_* outcome, ORed with
   * FAST_PF_MARK_DIRTY; the new value goes to `out`.
   */
  fastPageFault(
    lo: number,
    hi: number,
    level: number,
    access: number,
    dirtyLogging: boolean,
    out: Uint32Array,
  ): number;
  /** `leaf_spte_change_needs_tlb_flush()` of the given kernel (spec §3.1, §9). */
  leafChangeNeedsFlush(
    kernel: KernelVersion,
    oldLo: number,
    oldHi: number,
    newLo: number,
    newHi: number,
  ): boolean;
  /**
   * The seed patch's own term decides this change (spec §9 rows 2–4): v6.12's rule flushes and
   * patch 01 alone (`flushPost01`) does not — MW kept, W cleared, no A or D bit cleared.
   */
  seedTermOnly(oldLo: number, oldHi: number, newLo: number, newHi: number): boolean;
  /** The A or D mask bit is set in the old value and clear in the new one. */
  accessedDirtyCleared(oldLo: number, oldHi: number, newLo: number, newHi: number): boolean;
  /** `is_accessed_spte()` of the bound kernel (spec §2). */
  isAccessed(lo: number, hi: number): boolean;
  /** `mark_spte_for_access_track()` (spec §3.4): what aging writes to an accessed SPTE. */
  markForAccessTrack(lo: number, hi: number, out: Uint32Array): void;
  /** Hex for traces. */
  hex(lo: number, hi: number): string;
}

export const ACCESS_READ = 0;
export const ACCESS_WRITE = 1;
export const ACCESS_EXEC = 2;
