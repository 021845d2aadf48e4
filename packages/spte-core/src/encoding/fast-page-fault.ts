import { PG_LEVEL_4K, PT_PRESENT_MASK, W_LO } from './constants.js';
import type { SpteContext } from './context.js';
import { restoredHi, restoredLo } from './access-track.js';
import {
  isAccessTrack,
  isExecutable,
  isLast,
  isMmuWritable,
  isShadowPresent,
} from './predicates.js';

/** fastPageFaultFix outcome: give up, the slow path (RET_PF_INVALID) must handle the fault. */
export const FAST_PF_FALLBACK = 0;
/** fastPageFaultFix outcome: the access is already allowed (RET_PF_SPURIOUS). */
export const FAST_PF_SPURIOUS = 1;
/** fastPageFaultFix outcome: fixed locklessly with the new value (RET_PF_FIXED). */
export const FAST_PF_FIXED = 2;
/** Mask of the outcome in fastPageFaultFix's return value. */
export const FAST_PF_OUTCOME_MASK = 3;
/** fastPageFaultFix flag: W went 0 -> 1, so the gfn is marked dirty in the slot. */
export const FAST_PF_MARK_DIRTY = 4;

const PRESENT_LO = Number(PT_PRESENT_MASK);

/** `is_access_allowed()`: exec needs X, write needs W, read needs bit 0. */
function isAccessAllowed(
  ctx: SpteContext,
  lo: number,
  hi: number,
  write: boolean,
  exec: boolean,
): boolean {
  if (exec) return isExecutable(ctx, lo, hi);
  if (write) return (lo & W_LO) !== 0;
  return (lo & PRESENT_LO) !== 0;
}

/**
 * One pass of `fast_page_fault()`'s loop on the last-level SPTE found at `level`, with no
 * concurrent change (spec §3.4). Writes the new SPTE (the input unless fixed) to out and returns
 * FAST_PF_FALLBACK / FAST_PF_SPURIOUS / FAST_PF_FIXED, ORed with FAST_PF_MARK_DIRTY. No flush is
 * ever needed: the fix only adds permissions.
 */
export function fastPageFaultFix(
  ctx: SpteContext,
  lo: number,
  hi: number,
  level: number,
  write: boolean,
  exec: boolean,
  dirtyLogging: boolean,
  out: Uint32Array,
  off: number,
): number {
  // out holds the input until a fix is known.
  out[off] = lo;
  out[off + 1] = hi;
  if (!isShadowPresent(ctx, lo, hi) || !isLast(ctx, lo, hi, level)) return FAST_PF_FALLBACK;
  if (isAccessAllowed(ctx, lo, hi, write, exec)) return FAST_PF_SPURIOUS;

  let newLo = lo;
  let newHi = hi;
  if (!ctx.adEnabled && isAccessTrack(ctx, lo, hi)) {
    newLo = restoredLo(ctx, lo, hi);
    newHi = restoredHi(ctx, lo, hi);
    if (ctx.profile.fastPfRestoreSetsAccessed) {
      newLo |= ctx.accessedLo;
      newHi |= ctx.accessedHi;
    }
  }
  // Only MMU-writable SPTEs may be made writable without mmu_lock.
  if (write && isMmuWritable(ctx, lo, hi)) {
    newLo |= W_LO;
    // One dirty-bitmap bit cannot cover a huge page: let the slow path map 4K.
    if (level > PG_LEVEL_4K && dirtyLogging) return FAST_PF_FALLBACK;
  }
  const unchanged = ((newLo ^ lo) | (newHi ^ hi)) === 0;
  if (unchanged || !isAccessAllowed(ctx, newLo, newHi, write, exec)) return FAST_PF_FALLBACK;
  out[off] = newLo;
  out[off + 1] = newHi;
  const madeWritable = (lo & W_LO) === 0 && (newLo & W_LO) !== 0;
  return madeWritable ? FAST_PF_FIXED | FAST_PF_MARK_DIRTY : FAST_PF_FIXED;
}
