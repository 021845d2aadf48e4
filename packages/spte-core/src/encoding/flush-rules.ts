import type { SpteContext } from './context.js';
import {
  isAccessedV6_12,
  isDirtyV6_12,
  isMmuWritable,
  isShadowPresent,
  isWritable,
} from './predicates.js';

/*
 * The two leaf flush rules side by side (spec §3.1, §9). Both take a shadow-present leaf's old
 * and new value; the caller handles non-present and non-leaf changes itself.
 */

/**
 * v6.13 `leaf_spte_change_needs_tlb_flush`: flush iff MW is cleared. Stale writable TLB entries
 * are tolerated while MW stays set; write-tracking is the only case that must flush now.
 */
export function flushV6_13(
  ctx: SpteContext,
  oldLo: number,
  oldHi: number,
  newLo: number,
  newHi: number,
): boolean {
  return isMmuWritable(ctx, oldLo, oldHi) && !isMmuWritable(ctx, newLo, newHi);
}

/**
 * The v6.12 rule `mmu_spte_update()` computed inline: MW(old) ∧ ¬W(new), or A cleared, or D
 * cleared, with the v6.12 `is_accessed_spte` / `is_dirty_spte` and the context's masks.
 */
export function flushV6_12(
  ctx: SpteContext,
  oldLo: number,
  oldHi: number,
  newLo: number,
  newHi: number,
): boolean {
  return (
    (isMmuWritable(ctx, oldLo, oldHi) && !isWritable(ctx, newLo, newHi)) ||
    accessedOrDirtyClearedV6_12(ctx, oldLo, oldHi, newLo, newHi)
  );
}

/**
 * Patch 01 alone ("Post01", spec §9): v6.12's rule with its MW(old) ∧ ¬W(new) term replaced by
 * MW(old) ∧ ¬MW(new); the A-cleared and D-cleared terms stay (patches 04 and 05 drop them).
 * Evaluate it with a v6.12 context.
 */
export function flushPost01(
  ctx: SpteContext,
  oldLo: number,
  oldHi: number,
  newLo: number,
  newHi: number,
): boolean {
  return (
    flushV6_13(ctx, oldLo, oldHi, newLo, newHi) ||
    accessedOrDirtyClearedV6_12(ctx, oldLo, oldHi, newLo, newHi)
  );
}

/** v6.12's A-cleared and D-cleared terms, with its `is_accessed_spte` / `is_dirty_spte`. */
function accessedOrDirtyClearedV6_12(
  ctx: SpteContext,
  oldLo: number,
  oldHi: number,
  newLo: number,
  newHi: number,
): boolean {
  return (
    (isAccessedV6_12(ctx, oldLo, oldHi) && !isAccessedV6_12(ctx, newLo, newHi)) ||
    (isDirtyV6_12(ctx, oldLo, oldHi) && !isDirtyV6_12(ctx, newLo, newHi))
  );
}

/** The leaf flush rule of the context's kernel. spec §3.1 */
export function leafSpteChangeNeedsTlbFlush(
  ctx: SpteContext,
  oldLo: number,
  oldHi: number,
  newLo: number,
  newHi: number,
): boolean {
  return ctx.profile.flushRule === 'v6.13'
    ? flushV6_13(ctx, oldLo, oldHi, newLo, newHi)
    : flushV6_12(ctx, oldLo, oldHi, newLo, newHi);
}

/**
 * What `mmu_spte_update()` returns: no flush when the old SPTE was not present (that write is
 * `mmu_spte_set()`), else the kernel's leaf rule. spec §3.1 step 1 and 4
 */
export function mmuSpteUpdateNeedsFlush(
  ctx: SpteContext,
  oldLo: number,
  oldHi: number,
  newLo: number,
  newHi: number,
): boolean {
  return (
    isShadowPresent(ctx, oldLo, oldHi) &&
    leafSpteChangeNeedsTlbFlush(ctx, oldLo, oldHi, newLo, newHi)
  );
}
