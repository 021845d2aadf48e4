import { SAVED_BITS_HI_SHIFT, SAVED_BITS_MASK } from './constants.js';
import type { SpteContext } from './context.js';
import { isAccessTrack, spteAdEnabled } from './predicates.js';

/**
 * `mark_spte_for_access_track` (spec §3.4): makes the SPTE "old" for aging. A/D-enabled: clear
 * A. Already access-tracked: unchanged. Otherwise save R and X in bits 54/56 and clear RWX (and,
 * from v6.13, the software A bit). MW and HW are kept, so a writable SPTE becomes RO with MW=1.
 * Writes the result to out[off], out[off + 1].
 */
export function markSpteForAccessTrack(
  ctx: SpteContext,
  lo: number,
  hi: number,
  out: Uint32Array,
  off: number,
): void {
  out[off] = accessTrackedLo(ctx, lo, hi);
  out[off + 1] = accessTrackedHi(ctx, lo, hi);
}

/** Low word of markSpteForAccessTrack's result. */
export function accessTrackedLo(ctx: SpteContext, lo: number, hi: number): number {
  if (spteAdEnabled(ctx, lo, hi)) return lo & ~ctx.accessedLo;
  if (isAccessTrack(ctx, lo, hi)) return lo;
  const clearA = ctx.profile.accessTrackClearsAccessed ? ctx.accessedLo : 0;
  return lo & ~ctx.accTrackLo & ~clearA;
}

/** High word of markSpteForAccessTrack's result. */
export function accessTrackedHi(ctx: SpteContext, lo: number, hi: number): number {
  if (spteAdEnabled(ctx, lo, hi)) return hi & ~ctx.accessedHi;
  if (isAccessTrack(ctx, lo, hi)) return hi;
  const clearA = ctx.profile.accessTrackClearsAccessed ? ctx.accessedHi : 0;
  const saved = (lo & SAVED_BITS_MASK) << SAVED_BITS_HI_SHIFT;
  return (hi | saved) & ~ctx.accTrackHi & ~clearA;
}

/**
 * `restore_acc_track_spte` (spec §3.4): move the saved R/X back into bits 0/2, clearing
 * `shadow_acc_track_mask` and the saved positions. W is never restored here.
 */
export function restoreAccTrackSpte(
  ctx: SpteContext,
  lo: number,
  hi: number,
  out: Uint32Array,
  off: number,
): void {
  out[off] = restoredLo(ctx, lo, hi);
  out[off + 1] = restoredHi(ctx, lo, hi);
}

/** Low word of restoreAccTrackSpte's result. */
export function restoredLo(ctx: SpteContext, lo: number, hi: number): number {
  return (lo & ~ctx.accTrackLo) | ((hi >>> SAVED_BITS_HI_SHIFT) & SAVED_BITS_MASK);
}

/** High word of restoreAccTrackSpte's result. */
export function restoredHi(ctx: SpteContext, _lo: number, hi: number): number {
  return hi & ~ctx.accTrackHi & ~(SAVED_BITS_MASK << SAVED_BITS_HI_SHIFT);
}
