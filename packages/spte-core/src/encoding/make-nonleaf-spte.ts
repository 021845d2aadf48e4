import { AD_DISABLED_HI, MMU_PRESENT_LO, W_LO } from './constants.js';
import type { SpteContext } from './context.js';

/**
 * `make_nonleaf_spte(child_pt, ad_disabled)` (spec §3.2): a fully permissive entry pointing at a
 * child table whose physical address is (childPaLo, childPaHi), ORed in as given. A/D-disabled
 * tables get the DISABLED type instead of A.
 */
export function makeNonLeafSpte(
  ctx: SpteContext,
  childPaLo: number,
  childPaHi: number,
  adDisabled: boolean,
  out: Uint32Array,
  off: number,
): void {
  let lo = MMU_PRESENT_LO | childPaLo | ctx.presentLo | W_LO | ctx.userLo | ctx.xLo;
  let hi = childPaHi | ctx.presentHi | ctx.userHi | ctx.xHi;
  if (adDisabled) {
    hi |= AD_DISABLED_HI;
  } else {
    lo |= ctx.accessedLo;
    hi |= ctx.accessedHi;
  }
  out[off] = lo;
  out[off + 1] = hi;
}
