import type { SpteWalkPort } from '@spte-lab/spte-core';

/**
 * What a walker may offer besides SpteWalkPort so that stale-hit classification can skip its
 * second walk (issue 20): spte-core's SpteStore stamps each SPTE write. An entry remembers
 * `changeClock` at its fill; on a hit, if no SPTE the fill's walk depended on was written since,
 * the entry is what a walk would give now, so the hit is fresh. Otherwise it walks as before.
 */
export interface ChangeStamps {
  /** The stamp of "now" (0: stamps are unavailable). */
  readonly changeClock: number;
  /** Whether an SPTE a walk of `gfn` reads at `level` or above may have changed since `stamp`. */
  changedSince(gfn: number, level: number, stamp: number): boolean;
}

/** The walker's change stamps, if it keeps them. */
export function changeStampsOf(walker: SpteWalkPort): ChangeStamps | null {
  const w = walker as Partial<ChangeStamps>;
  return typeof w.changedSince === 'function' && typeof w.changeClock === 'number'
    ? (walker as unknown as ChangeStamps)
    : null;
}
