import {
  AD_DISABLED_HI,
  AD_ENABLED_HI,
  AD_MASK_HI,
  BASE_ADDR_HI,
  FROZEN_HI,
  FROZEN_LO,
  GEN_HIGH_HI_SHIFT,
  MMIO_SPTE_GEN_HIGH_BITS,
  MMIO_SPTE_GEN_LOW_BITS,
  MMIO_SPTE_GEN_LOW_START,
  MMU_PRESENT_LO,
  PAGE_SHIFT,
  PG_LEVEL_4K,
  PS_LO,
  W_LO,
} from './constants.js';
import type { SpteContext } from './context.js';

/*
 * Word-face predicates (spec §2). Every function takes (ctx, lo, hi) so that callers can treat
 * them alike; none allocates or touches a BigInt.
 */

/** `is_shadow_present_pte`: bit 11. False for MMIO, frozen and non-present values. spec §2 */
export function isShadowPresent(_ctx: SpteContext, lo: number, _hi: number): boolean {
  return (lo & MMU_PRESENT_LO) !== 0;
}

/** `is_writable_pte`: hardware W (bit 1). spec §2 */
export function isWritable(_ctx: SpteContext, lo: number, _hi: number): boolean {
  return (lo & W_LO) !== 0;
}

/** `is_mmu_writable_spte`. spec §2 */
export function isMmuWritable(ctx: SpteContext, lo: number, hi: number): boolean {
  return ((lo & ctx.mmuWritableLo) | (hi & ctx.mmuWritableHi)) !== 0;
}

/** Host-writable software bit (`shadow_host_writable_mask`). spec §1.6 */
export function isHostWritable(ctx: SpteContext, lo: number, hi: number): boolean {
  return ((lo & ctx.hostWritableLo) | (hi & ctx.hostWritableHi)) !== 0;
}

/** `spte_ad_enabled`: A/D type is not DISABLED (WRPROT_ONLY counts as enabled). spec §2 */
export function spteAdEnabled(_ctx: SpteContext, _lo: number, hi: number): boolean {
  return (hi & AD_MASK_HI) !== AD_DISABLED_HI;
}

/** `spte_ad_need_write_protect`: A/D type is not ENABLED. spec §2 */
export function spteAdNeedWriteProtect(_ctx: SpteContext, _lo: number, hi: number): boolean {
  return (hi & AD_MASK_HI) !== AD_ENABLED_HI;
}

/** `is_access_track_spte`: A/D disabled and no `shadow_acc_track_mask` bit set. spec §2 */
export function isAccessTrack(ctx: SpteContext, lo: number, hi: number): boolean {
  return (
    (hi & AD_MASK_HI) === AD_DISABLED_HI && ((lo & ctx.accTrackLo) | (hi & ctx.accTrackHi)) === 0
  );
}

/** `is_large_pte`: bit 7. spec §2 */
export function isLarge(_ctx: SpteContext, lo: number, _hi: number): boolean {
  return (lo & PS_LO) !== 0;
}

/** `is_last_spte`: a 4K entry, or a large one. spec §2 */
export function isLast(_ctx: SpteContext, lo: number, _hi: number, level: number): boolean {
  return level === PG_LEVEL_4K || (lo & PS_LO) !== 0;
}

/** `is_executable_pte`: (spte & (x|nx)) == x. spec §2 */
export function isExecutable(ctx: SpteContext, lo: number, hi: number): boolean {
  return (((lo & ctx.xNxLo) ^ ctx.xLo) | ((hi & ctx.xNxHi) ^ ctx.xHi)) === 0;
}

/** v6.13 `is_accessed_spte`: the (possibly software) A bit. spec §2 */
export function isAccessedV6_13(ctx: SpteContext, lo: number, hi: number): boolean {
  return ((lo & ctx.accessedLo) | (hi & ctx.accessedHi)) !== 0;
}

/** v6.12 `is_accessed_spte`: A if the SPTE is A/D-enabled and A exists, else not access-tracked. */
export function isAccessedV6_12(ctx: SpteContext, lo: number, hi: number): boolean {
  if (spteAdEnabled(ctx, lo, hi) && (ctx.accessedLo | ctx.accessedHi) !== 0) {
    return isAccessedV6_13(ctx, lo, hi);
  }
  return !isAccessTrack(ctx, lo, hi);
}

/** `is_accessed_spte` of the context's kernel. spec §2, §1.7 */
export function isAccessed(ctx: SpteContext, lo: number, hi: number): boolean {
  return ctx.profile.accessedIsMaskBit
    ? isAccessedV6_13(ctx, lo, hi)
    : isAccessedV6_12(ctx, lo, hi);
}

/**
 * v6.12 `is_dirty_spte` (removed in v6.13 by patch 05): D if the SPTE is A/D-enabled and D
 * exists, else W. Evaluated with the context's masks. spec §2
 */
export function isDirtyV6_12(ctx: SpteContext, lo: number, hi: number): boolean {
  if (spteAdEnabled(ctx, lo, hi) && (ctx.dirtyLo | ctx.dirtyHi) !== 0) {
    return ((lo & ctx.dirtyLo) | (hi & ctx.dirtyHi)) !== 0;
  }
  return (lo & W_LO) !== 0;
}

/**
 * `spte_has_volatile_bits` (same logic in v6.12 and v6.13): bits may change outside mmu_lock, so
 * the SPTE must be written atomically. spec §2
 */
export function hasVolatileBits(ctx: SpteContext, lo: number, hi: number): boolean {
  const w = (lo & W_LO) !== 0;
  if (!w && isMmuWritable(ctx, lo, hi)) return true; // fast page fault may set W
  if (isAccessTrack(ctx, lo, hi)) return true; // fast page fault may restore it
  if (!spteAdEnabled(ctx, lo, hi)) return false;
  // The CPU may set A, or D on a writable SPTE.
  const a = ((lo & ctx.accessedLo) | (hi & ctx.accessedHi)) !== 0;
  const d = ((lo & ctx.dirtyLo) | (hi & ctx.dirtyHi)) !== 0;
  return !a || (w && !d);
}

/** `check_spte_writable_invariants`, as "true when the kernel would not warn". spec §1.6 */
export function checkSpteWritableInvariants(ctx: SpteContext, lo: number, hi: number): boolean {
  if (isMmuWritable(ctx, lo, hi)) return isHostWritable(ctx, lo, hi);
  return (lo & W_LO) === 0;
}

/** `is_mmio_spte`: (spte & mmio_mask) == mmio_value, with MMIO caching enabled. spec §1.4 */
export function isMmio(ctx: SpteContext, lo: number, hi: number): boolean {
  return (
    ctx.enableMmioCaching &&
    (((lo & ctx.mmioMaskLo) ^ ctx.mmioValueLo) | ((hi & ctx.mmioMaskHi) ^ ctx.mmioValueHi)) === 0
  );
}

/** `is_frozen_spte`: equals FROZEN_SPTE. spec §1.4 */
export function isFrozen(_ctx: SpteContext, lo: number, hi: number): boolean {
  return ((lo ^ FROZEN_LO) | (hi ^ FROZEN_HI)) === 0;
}

/** `get_mmio_spte_generation`: the 19-bit memslot generation. spec §1.4 */
export function getMmioSpteGeneration(_ctx: SpteContext, lo: number, hi: number): number {
  const low = (lo >>> MMIO_SPTE_GEN_LOW_START) & ((1 << MMIO_SPTE_GEN_LOW_BITS) - 1);
  const high = (hi >>> GEN_HIGH_HI_SHIFT) & ((1 << MMIO_SPTE_GEN_HIGH_BITS) - 1);
  return low | (high << MMIO_SPTE_GEN_LOW_BITS);
}

/** Weight of the high word's PFN bits (precomputed: no pow() on the hot path). */
const PFN_HI_SCALE = 2 ** (32 - PAGE_SHIFT);

/** `spte_to_pfn`: bits 51:12 shifted down; a number (< 2^40, exact). spec §1.1 */
export function spteToPfn(_ctx: SpteContext, lo: number, hi: number): number {
  return (hi & BASE_ADDR_HI) * PFN_HI_SCALE + (lo >>> PAGE_SHIFT);
}
