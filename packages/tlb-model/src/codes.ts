/**
 * Numeric codes of the hot path. Plain `const` numbers (not enums, not strings) so that an
 * access passes and returns small integers and never allocates.
 */

/** Access kinds (`kind` argument of `TlbModel.access`). */
export const READ = 0;
export const WRITE = 1;
export const EXEC = 2;
export type AccessKind = typeof READ | typeof WRITE | typeof EXEC;

/** Outcomes of `TlbModel.access`. */
/** Served by a cached translation, no page walk. */
export const HIT = 0;
/** Walked the SPTEs and (re)filled an entry: a miss, or a write re-walk to set D (spec §6.2). */
export const FILL = 1;
/** Exited to KVM with an EPT violation / #PF; the vCPU is now outside guest mode. */
export const FAULT = 2;
export type AccessOutcome = typeof HIT | typeof FILL | typeof FAULT;

/** `TlbModel.lastStale` after a HIT: how the entry compared with a fresh walk. */
export const STALE_FRESH = 0;
/** The entry differs from the current SPTE, but the SPTE still allows this access. */
export const STALE_HARMLESS = 1;
/** The entry granted more than the current SPTE allows (permission, pfn or a skipped D update). */
export const STALE_EXCEEDING = 2;
/** Not classified: `classifyStaleHits` is off, or the access was not a HIT. */
export const STALE_UNCHECKED = 3;
export type StaleClass =
  typeof STALE_FRESH | typeof STALE_HARMLESS | typeof STALE_EXCEEDING | typeof STALE_UNCHECKED;

/** `TlbModel.peek` answers: what a cached entry would do for an access, without side effects. */
export const PEEK_NONE = 0;
/** A cached entry exists but lacks the permission: the access would fault (spurious #PF). */
export const PEEK_DENIED = 1;
/** A cached entry grants a write but has D=0 on an A/D-enabled SPTE: it would re-walk. */
export const PEEK_REWALK = 2;
/** A cached entry would complete the access with no walk. */
export const PEEK_HIT = 3;
export type PeekResult =
  typeof PEEK_NONE | typeof PEEK_DENIED | typeof PEEK_REWALK | typeof PEEK_HIT;

/** Page levels as in KVM (spec §1.5): 1 = 4K, 2 = 2M, 3 = 1G. */
export const LEVEL_4K = 1;
export const LEVEL_2M = 2;
export const LEVEL_1G = 3;
