import {
  FLUSH_ALL_BEFORE_RETURN,
  FLUSH_ALL_BEFORE_UNLOCK,
  FLUSH_ALL_NOW,
  type FlushRequest,
  type FlushTiming,
} from '@spte-lab/spte-core';

/**
 * The lazy VM-wide flush: no IPI, every vCPU flushes at its next VM entry. spte-core's shared
 * constants stop at 'before-return'; this completes the set so policies allocate nothing.
 */
export const FLUSH_ALL_AT_NEXT_ENTRY: FlushRequest = Object.freeze({
  scope: Object.freeze({ kind: 'all' as const }),
  timing: 'next-entry' as const,
});

/** The shared VM-wide request for `timing`, or undefined for a timing that does not exist. */
export function flushAllRequest(timing: FlushTiming): FlushRequest | undefined {
  switch (timing) {
    case 'now':
      return FLUSH_ALL_NOW;
    case 'before-unlock':
      return FLUSH_ALL_BEFORE_UNLOCK;
    case 'before-return':
      return FLUSH_ALL_BEFORE_RETURN;
    case 'next-entry':
      return FLUSH_ALL_AT_NEXT_ENTRY;
    default:
      return undefined;
  }
}

/** Pages a leaf at PG_LEVEL `level` maps: 1 (4K), 512 (2M), 512² (1G). */
export function pagesAtLevel(level: number): number {
  return 512 ** (level - 1);
}

/**
 * A range flush covering exactly the leaf that changed: a huge leaf covers its whole aligned
 * region, because a TLB may hold one entry for all of it (spec §6.1).
 */
export function flushLeafRange(gfn: number, level: number, timing: FlushTiming): FlushRequest {
  const count = pagesAtLevel(level);
  return { scope: { kind: 'range', gfn: gfn - (gfn % count), count }, timing };
}
