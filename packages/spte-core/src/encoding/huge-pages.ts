import { PAGE_SHIFT, PG_LEVEL_4K, PS_LO, SPTE_LEVEL_BITS } from './constants.js';
import type { SpteContext } from './context.js';
import { accessTrackedHi, accessTrackedLo, restoredHi, restoredLo } from './access-track.js';
import { isAccessTrack } from './predicates.js';
import { frameHi, frameLo } from './pfn.js';

/**
 * `modify_spte_protections()`: set/clear permission bits on an SPTE that may be access-tracked,
 * by restoring it first and tracking it again afterwards, so the saved R/X stay consistent.
 */
function modifySpteProtections(
  ctx: SpteContext,
  lo: number,
  hi: number,
  setLo: number,
  setHi: number,
  clearLo: number,
  clearHi: number,
  out: Uint32Array,
  off: number,
): void {
  const tracked = isAccessTrack(ctx, lo, hi);
  if (tracked) {
    const rLo = restoredLo(ctx, lo, hi);
    hi = restoredHi(ctx, lo, hi);
    lo = rLo;
  }
  lo = (lo | setLo) & ~clearLo;
  hi = (hi | setHi) & ~clearHi;
  if (tracked) {
    const tLo = accessTrackedLo(ctx, lo, hi);
    hi = accessTrackedHi(ctx, lo, hi);
    lo = tLo;
  }
  out[off] = lo;
  out[off + 1] = hi;
}

/**
 * `make_small_spte()` (v6.12: `make_huge_page_split_spte()`), spec §3.2: the child at `index` of
 * a huge SPTE being split into a table of `childLevel` entries. W, D, A, MW and HW are inherited;
 * at 4K PS is cleared and, if the NX mitigation applied and the child role allows exec, X returns.
 */
export function makeSmallSpte(
  ctx: SpteContext,
  hugeLo: number,
  hugeHi: number,
  childLevel: number,
  index: number,
  roleExec: boolean,
  nxHugePages: boolean,
  out: Uint32Array,
  off: number,
): void {
  // KVM_PAGES_PER_HPAGE(childLevel) = 512^(childLevel - 1) pages per child (a shift: child
  // levels are at most 2M here, far below 2^31).
  const pages = index * (1 << (SPTE_LEVEL_BITS * (childLevel - 1)));
  let lo = hugeLo | frameLo(pages);
  const hi = hugeHi | frameHi(pages);
  if (childLevel === PG_LEVEL_4K) {
    lo &= ~PS_LO;
    if (roleExec && nxHugePages) {
      modifySpteProtections(ctx, lo, hi, ctx.xLo, ctx.xHi, ctx.nxLo, ctx.nxHi, out, off);
      return;
    }
  }
  out[off] = lo;
  out[off + 1] = hi;
}

/**
 * `make_huge_spte()` (v6.13, in-place huge-page recovery), spec §3.2: a small SPTE plus PS, with
 * the address bits below the huge page's size cleared; non-executable if `nxHugePages`.
 * `level` is the huge level (2 or 3).
 */
export function makeHugeSpte(
  ctx: SpteContext,
  smallLo: number,
  smallHi: number,
  level: number,
  nxHugePages: boolean,
  out: Uint32Array,
  off: number,
): void {
  // KVM_HPAGE_MASK(level) | ~PAGE_MASK keeps bits >= hshift and the 12 low flag bits.
  const hshift = PAGE_SHIFT + SPTE_LEVEL_BITS * (level - 1);
  const lo = (smallLo | PS_LO) & ~(lowMask(Math.min(hshift, 32)) & ~lowMask(PAGE_SHIFT));
  const hi = smallHi & ~lowMask(Math.max(hshift - 32, 0));
  if (nxHugePages) {
    modifySpteProtections(ctx, lo, hi, ctx.nxLo, ctx.nxHi, ctx.xLo, ctx.xHi, out, off);
    return;
  }
  out[off] = lo;
  out[off + 1] = hi;
}

/** Bits [0, n) for 0 <= n <= 32. */
function lowMask(n: number): number {
  return n >= 32 ? -1 : (1 << n) - 1;
}
