import type { SpteContext } from '../../src/index.js';

/**
 * An independent bigint model of the spec §2/§3 rules, written from the spec text rather than
 * from the word face, so that random draws beyond the vector file can be checked against it.
 */
export function referenceModel(ctx: SpteContext) {
  const m = ctx.masks;
  const k = ctx.profile;
  const W = 1n << 1n;
  const PRESENT = 1n << 11n;
  const PS = 1n << 7n;
  const AD_MASK = 3n << 52n;
  const AD_DISABLED = 1n << 52n;
  const SAVED = 0x5n << 54n;
  const has = (v: bigint, mask: bigint) => (v & mask) !== 0n;

  const adEnabled = (v: bigint) => (v & AD_MASK) !== AD_DISABLED;
  const accessTrack = (v: bigint) => !adEnabled(v) && (v & m.shadowAccTrackMask) === 0n;
  const mw = (v: bigint) => has(v, m.shadowMmuWritableMask);
  const accessed612 = (v: bigint) =>
    adEnabled(v) && m.shadowAccessedMask !== 0n ? has(v, m.shadowAccessedMask) : !accessTrack(v);
  const dirty612 = (v: bigint) =>
    adEnabled(v) && m.shadowDirtyMask !== 0n ? has(v, m.shadowDirtyMask) : has(v, W);
  const flush613 = (o: bigint, n: bigint) => mw(o) && !mw(n);
  const flush612 = (o: bigint, n: bigint) =>
    (mw(o) && !has(n, W)) || (accessed612(o) && !accessed612(n)) || (dirty612(o) && !dirty612(n));
  const flush = (o: bigint, n: bigint) =>
    has(o, PRESENT) && (k.flushRule === 'v6.13' ? flush613(o, n) : flush612(o, n));
  const executable = (v: bigint) => (v & (m.shadowXMask | m.shadowNxMask)) === m.shadowXMask;

  const mark = (v: bigint): bigint => {
    if (adEnabled(v)) return v & ~m.shadowAccessedMask;
    if (accessTrack(v)) return v;
    const saved = (v & 0x5n) << 54n;
    const clear = m.shadowAccTrackMask | (k.accessTrackClearsAccessed ? m.shadowAccessedMask : 0n);
    return (v | saved) & ~clear;
  };
  const restore = (v: bigint): bigint => (v & ~m.shadowAccTrackMask & ~SAVED) | ((v >> 54n) & 0x5n);

  return {
    adEnabled,
    accessTrack,
    mw,
    executable,
    accessed: (v: bigint) => (k.accessedIsMaskBit ? has(v, m.shadowAccessedMask) : accessed612(v)),
    dirty612,
    flush612,
    flush613,
    volatile: (v: bigint) =>
      (!has(v, W) && mw(v)) ||
      accessTrack(v) ||
      (adEnabled(v) &&
        (!has(v, m.shadowAccessedMask) || (has(v, W) && !has(v, m.shadowDirtyMask)))),
    invariantsHold: (v: bigint) => (mw(v) ? has(v, m.shadowHostWritableMask) : !has(v, W)),
    isLast: (v: bigint, level: number) => level === 1 || has(v, PS),
    mark,
    restore,
    writeProtect(v: bigint, ptProtect: boolean) {
      if (!has(v, W) && !(ptProtect && mw(v))) return { spte: v, changed: false, flush: false };
      const n = v & ~W & ~(ptProtect ? m.shadowMmuWritableMask : 0n);
      return { spte: n, changed: true, flush: flush(v, n) };
    },
    clearDirty(v: bigint) {
      if ((v & AD_MASK) !== 0n) return { spte: v & ~W, changed: has(v, W), flush: false };
      const n = v & ~m.shadowDirtyMask;
      return { spte: n, changed: n !== v, flush: flush(v, n) };
    },
    fastPageFault(v: bigint, level: number, write: boolean, exec: boolean, dirtyLog: boolean) {
      const allowed = (x: bigint) => (exec ? executable(x) : write ? has(x, W) : has(x, 1n));
      const fallback = { result: 'fallback', spte: v, markDirty: false };
      if (!has(v, PRESENT) || !(level === 1 || has(v, PS))) return fallback;
      if (allowed(v)) return { ...fallback, result: 'spurious' };
      let n = v;
      if (!m.kvmAdEnabled && accessTrack(v)) {
        n = restore(v) | (k.fastPfRestoreSetsAccessed ? m.shadowAccessedMask : 0n);
      }
      if (write && mw(v)) {
        n |= W;
        if (level > 1 && dirtyLog) return fallback;
      }
      if (n === v || !allowed(n)) return fallback;
      return { result: 'fixed', spte: n, markDirty: !has(v, W) && has(n, W) };
    },
  };
}
