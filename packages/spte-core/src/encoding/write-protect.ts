import { W_LO } from './constants.js';
import type { SpteContext } from './context.js';
import { mmuSpteUpdateNeedsFlush } from './flush-rules.js';
import { isMmuWritable, spteAdNeedWriteProtect } from './predicates.js';

/** Result flags of an in-place SPTE update: the value was rewritten. */
export const SPTE_CHANGED = 1;
/** Result flags of an in-place SPTE update: `mmu_spte_update()` asked for a remote TLB flush. */
export const SPTE_FLUSH = 2;

/**
 * `spte_write_protect(sptep, pt_protect)` (spec §3.5). Dirty logging (`ptProtect` false) skips
 * read-only SPTEs and keeps MW; write-tracking (`ptProtect` true) also clears MW, including on
 * RO-but-MW SPTEs. Writes the new value to out and returns SPTE_CHANGED | SPTE_FLUSH flags.
 */
export function spteWriteProtect(
  ctx: SpteContext,
  lo: number,
  hi: number,
  ptProtect: boolean,
  out: Uint32Array,
  off: number,
): number {
  const mw = isMmuWritable(ctx, lo, hi);
  if ((lo & W_LO) === 0 && !(ptProtect && mw)) {
    out[off] = lo;
    out[off + 1] = hi;
    return 0;
  }
  let newLo = lo & ~W_LO;
  let newHi = hi;
  if (ptProtect) {
    newLo &= ~ctx.mmuWritableLo;
    newHi &= ~ctx.mmuWritableHi;
  }
  out[off] = newLo;
  out[off + 1] = newHi;
  return mmuSpteUpdateNeedsFlush(ctx, lo, hi, newLo, newHi)
    ? SPTE_CHANGED | SPTE_FLUSH
    : SPTE_CHANGED;
}

/**
 * Clearing dirty state for dirty logging, per SPTE as `__rmap_clear_dirty` does (spec §3.6):
 * SPTEs that need write-protection (A/D disabled or wrprot-only) lose W directly
 * (`spte_wrprot_for_clear_dirty`, no `mmu_spte_update()`, so never SPTE_FLUSH); others lose D
 * through `mmu_spte_update()` (`spte_clear_dirty`), whose flush answer is returned as is.
 * SPTE_CHANGED means the stored value changed.
 */
export function clearDirty(
  ctx: SpteContext,
  lo: number,
  hi: number,
  out: Uint32Array,
  off: number,
): number {
  if (spteAdNeedWriteProtect(ctx, lo, hi)) {
    out[off] = lo & ~W_LO;
    out[off + 1] = hi;
    return (lo & W_LO) !== 0 ? SPTE_CHANGED : 0;
  }
  const newLo = lo & ~ctx.dirtyLo;
  const newHi = hi & ~ctx.dirtyHi;
  out[off] = newLo;
  out[off + 1] = newHi;
  const changed = ((newLo ^ lo) | (newHi ^ hi)) !== 0 ? SPTE_CHANGED : 0;
  return mmuSpteUpdateNeedsFlush(ctx, lo, hi, newLo, newHi) ? changed | SPTE_FLUSH : changed;
}
