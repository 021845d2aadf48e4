import { describe, expect, it } from 'vitest';
import {
  ACC_EXEC_MASK,
  ACC_USER_MASK,
  ACC_WRITE_MASK,
  flushPost01,
  hi32,
  lo32,
  SHADOW_NONPRESENT_VALUE,
  spteContext,
  spteApi,
  type SpteApi,
  type SpteFormat,
} from '../../src/index.js';

/*
 * Spec §9: the eleven old -> new leaf changes and whether the pre-patch rule (Pre), patch 01
 * alone (Post01) and v6.13 (Final) flush. Pre and Post01 are evaluated on SPTEs built by the
 * v6.12 model, Final on SPTEs built by the v6.13 model.
 */

type Verdict = 'flush' | 'no';
type Bit = 0 | 1;
interface Case {
  readonly n: number;
  readonly what: string;
  /** W and MW of the old and the new SPTE, as the table's "old -> new" column states them. */
  readonly shape: readonly [oldW: Bit, oldMW: Bit, newW: Bit, newMW: Bit];
  readonly formats: readonly SpteFormat[];
  readonly build: (api: SpteApi) => readonly [old: bigint, next: bigint];
  readonly pre: Verdict;
  readonly post01: Verdict;
  readonly final: Verdict;
}

const AD_ON: readonly SpteFormat[] = ['ept', 'legacy'];
const AD_OFF: readonly SpteFormat[] = ['ept-noad'];
const ALL: readonly SpteFormat[] = ['ept', 'ept-noad', 'legacy'];

/** A writable 4K leaf as a fault creates it: W=1, MW=1, HW=1, A (and D where the model sets it). */
const writableLeaf = (api: SpteApi, pteAccess = ACC_EXEC_MASK | ACC_WRITE_MASK | ACC_USER_MASK) =>
  api.makeSpte({ level: 1, pteAccess, pfn: 0x1234n }).spte;

const CASES: readonly Case[] = [
  {
    n: 1,
    what: 'W=1,MW=1,D=1 -> W=0,MW=1 (A/D enabled), dirty-log write-protect',
    shape: [1, 1, 0, 1],
    formats: AD_ON,
    build: (api) => {
      const old = writableLeaf(api);
      return [old, api.spteWriteProtect(old, false).spte];
    },
    pre: 'flush',
    post01: 'no',
    final: 'no',
  },
  {
    n: 2,
    what: 'same as 1 on an A/D-disabled SPTE',
    shape: [1, 1, 0, 1],
    formats: AD_OFF,
    build: (api) => {
      const old = writableLeaf(api);
      return [old, api.spteWriteProtect(old, false).spte];
    },
    pre: 'flush',
    post01: 'flush',
    final: 'no',
  },
  {
    n: 3,
    what: 'W=0,MW=1 -> W=0,MW=1 refresh, no A/D bit cleared',
    shape: [0, 1, 0, 1],
    formats: ALL,
    build: (api) => {
      const ro = api.spteWriteProtect(writableLeaf(api), false).spte;
      return [ro, ro];
    },
    pre: 'flush',
    post01: 'no',
    final: 'no',
  },
  {
    n: 4,
    what: 'W=1,MW=1 (A/D disabled) -> access-tracked, aging',
    shape: [1, 1, 0, 1],
    formats: AD_OFF,
    build: (api) => {
      const old = writableLeaf(api);
      return [old, api.markSpteForAccessTrack(old)];
    },
    pre: 'flush',
    post01: 'flush',
    final: 'no',
  },
  {
    n: 5,
    what: 'W=1,MW=1,A=1 -> A=0 (A/D enabled)',
    shape: [1, 1, 1, 1],
    formats: AD_ON,
    build: (api) => {
      const old = writableLeaf(api);
      return [old, api.markSpteForAccessTrack(old)];
    },
    pre: 'flush',
    post01: 'flush',
    final: 'no',
  },
  {
    n: 6,
    what: 'W=1,MW=1,D=1 -> D=0 (A/D enabled), spte_clear_dirty',
    shape: [1, 1, 1, 1],
    formats: AD_ON,
    build: (api) => {
      const old = writableLeaf(api);
      return [old, api.clearDirty(old).spte];
    },
    pre: 'flush',
    post01: 'flush',
    final: 'no',
  },
  {
    n: 7,
    what: 'MW=1,W=1 -> MW=0,W=0, write-tracking',
    shape: [1, 1, 0, 0],
    formats: ALL,
    build: (api) => {
      const old = writableLeaf(api);
      return [old, api.spteWriteProtect(old, true).spte];
    },
    pre: 'flush',
    post01: 'flush',
    final: 'flush',
  },
  {
    n: 7,
    what: 'MW=1,W=0 -> MW=0,W=0, write-tracking an already read-only SPTE',
    shape: [0, 1, 0, 0],
    formats: ALL,
    build: (api) => {
      const old = api.spteWriteProtect(writableLeaf(api), false).spte;
      return [old, api.spteWriteProtect(old, true).spte];
    },
    pre: 'flush',
    post01: 'flush',
    final: 'flush',
  },
  {
    n: 8,
    what: 'MW=0,W=0 -> MW=0,W=0, re-protection / read-only memslot',
    shape: [0, 0, 0, 0],
    formats: ALL,
    build: (api) => {
      const old = api.makeSpte({ level: 1, pteAccess: 7, pfn: 0x1234n, hostWritable: false }).spte;
      return [old, api.spteWriteProtect(old, true).spte];
    },
    pre: 'no',
    post01: 'no',
    final: 'no',
  },
  {
    n: 9,
    what: 'MW=0 -> MW=1,W=1, unsync then fault',
    shape: [0, 0, 1, 1],
    formats: ALL,
    build: (api) => {
      const old = api.makeSpte({ level: 1, pteAccess: 7, pfn: 0x1234n, unsyncFails: true }).spte;
      return [old, api.makeSpte({ level: 1, pteAccess: 7, pfn: 0x1234n, oldSpte: old }).spte];
    },
    pre: 'no',
    post01: 'no',
    final: 'no',
  },
  {
    n: 10,
    what: 'W=1,MW=1 -> W=1,MW=1 with X removed, sync_spte',
    shape: [1, 1, 1, 1],
    formats: ALL,
    build: (api) => {
      const m = api.context.masks;
      const old = writableLeaf(api);
      return [old, (old & ~m.shadowXMask) | m.shadowNxMask];
    },
    pre: 'no',
    post01: 'no',
    final: 'no',
  },
  {
    n: 11,
    what: 'non-present -> writable leaf',
    shape: [0, 0, 1, 1],
    formats: ALL,
    build: (api) => [SHADOW_NONPRESENT_VALUE, writableLeaf(api)],
    pre: 'no',
    post01: 'no',
    final: 'no',
  },
];

const verdict = (flush: boolean): Verdict => (flush ? 'flush' : 'no');

/** Patch 01 alone: the MW rule of v6.13 plus the v6.12 A-cleared and D-cleared terms. */
function post01(api: SpteApi, old: bigint, next: bigint): boolean {
  return (
    api.flushV6_13(old, next) ||
    (api.isAccessedV6_12(old) && !api.isAccessedV6_12(next)) ||
    (api.isDirtyV6_12(old) && !api.isDirtyV6_12(next))
  );
}

describe('spec §9: where the pre- and post-patch mmu_spte_update rules differ', () => {
  const rows = CASES.flatMap((c) => c.formats.map((format) => [c.n, format, c.what, c] as const));

  it('covers all eleven cases', () => {
    expect(new Set(CASES.map((c) => c.n)).size).toBe(11);
  });

  it.each(rows)('case %i (%s): %s', (_n, format, _what, c) => {
    const v612 = spteApi(format, 'v6.12');
    const v613 = spteApi(format, 'v6.13');
    const [old612, new612] = c.build(v612);
    const [old613, new613] = c.build(v613);
    for (const [api, old, next] of [
      [v612, old612, new612],
      [v613, old613, new613],
    ] as const) {
      const bit = (b: boolean): Bit => (b ? 1 : 0);
      const mw = (v: bigint) => bit(api.isMmuWritable(v));
      const w = (v: bigint) => bit(api.isWritable(v));
      expect([w(old), mw(old), w(next), mw(next)]).toEqual(c.shape);
    }
    // The word face's flushPost01 agrees with this test's own Post01 on every case.
    const ctx612 = spteContext(format, 'v6.12');
    expect(flushPost01(ctx612, lo32(old612), hi32(old612), lo32(new612), hi32(new612))).toBe(
      post01(v612, old612, new612),
    );
    expect({
      pre: verdict(v612.leafSpteChangeNeedsTlbFlush(old612, new612)),
      post01: verdict(post01(v612, old612, new612)),
      final: verdict(v613.leafSpteChangeNeedsTlbFlush(old613, new613)),
    }).toEqual({ pre: c.pre, post01: c.post01, final: c.final });
  });
});
