import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as core from '../../src/index.js';
import { spteApi, type SpteApi, type SpteContext } from '../../src/index.js';
import { ALL_CONTEXTS, fromWords, makeSpteInputArb, spteArb, toWords } from './support.js';

/*
 * The bigint face and the word face must agree on every input. The word face is called with the
 * words split independently (DataView), in both unsigned and signed int32 form.
 */

type WordPredicate = (ctx: SpteContext, lo: number, hi: number) => boolean;
const PREDICATES = [
  'isShadowPresent',
  'isWritable',
  'isMmuWritable',
  'isHostWritable',
  'spteAdEnabled',
  'spteAdNeedWriteProtect',
  'isAccessTrack',
  'isLarge',
  'isExecutable',
  'isAccessed',
  'isAccessedV6_12',
  'isAccessedV6_13',
  'isDirtyV6_12',
  'hasVolatileBits',
  'checkSpteWritableInvariants',
  'isMmio',
  'isFrozen',
] as const satisfies readonly (keyof SpteApi & keyof typeof core)[];

const signed = ([lo, hi]: [number, number]): [number, number] => [lo | 0, hi | 0];

describe.each(ALL_CONTEXTS.map((ctx) => [`${ctx.format} ${ctx.kernel}`, ctx] as const))(
  'bigint face = word face (%s)',
  (_name, ctx) => {
    const api = spteApi(ctx.format, ctx.kernel);
    const out = new Uint32Array(4);
    const spte = spteArb(ctx);

    it.each(PREDICATES)('%s', (name) => {
      const word = core[name] as WordPredicate;
      fc.assert(
        fc.property(spte, (v) => {
          const expected = api[name](v);
          expect(word(ctx, ...toWords(v))).toBe(expected);
          expect(word(ctx, ...signed(toWords(v)))).toBe(expected);
        }),
      );
    });

    it('isLast, spteToPfn, getMmioSpteGeneration', () => {
      fc.assert(
        fc.property(spte, fc.integer({ min: 1, max: 3 }), (v, level) => {
          const [lo, hi] = toWords(v);
          expect(core.isLast(ctx, lo, hi, level)).toBe(api.isLast(v, level));
          expect(BigInt(core.spteToPfn(ctx, lo | 0, hi | 0))).toBe(api.spteToPfn(v));
          expect(BigInt(core.getMmioSpteGeneration(ctx, lo | 0, hi | 0))).toBe(
            api.getMmioSpteGeneration(v),
          );
        }),
      );
    });

    it('flush rules', () => {
      fc.assert(
        fc.property(spte, spte, (o, n) => {
          const words = [...signed(toWords(o)), ...toWords(n)] as const;
          expect(core.flushV6_12(ctx, ...words)).toBe(api.flushV6_12(o, n));
          expect(core.flushV6_13(ctx, ...words)).toBe(api.flushV6_13(o, n));
          expect(core.leafSpteChangeNeedsTlbFlush(ctx, ...words)).toBe(
            api.leafSpteChangeNeedsTlbFlush(o, n),
          );
        }),
      );
    });

    it('in-place transitions write the same value at any offset', () => {
      fc.assert(
        fc.property(spte, fc.boolean(), fc.integer({ min: 0, max: 2 }), (v, pt, off) => {
          const [lo, hi] = signed(toWords(v));
          const at = () => fromWords(out[off] ?? 0, out[off + 1] ?? 0);
          core.markSpteForAccessTrack(ctx, lo, hi, out, off);
          expect(at()).toBe(api.markSpteForAccessTrack(v));
          core.restoreAccTrackSpte(ctx, lo, hi, out, off);
          expect(at()).toBe(api.restoreAccTrackSpte(v));
          const wp = core.spteWriteProtect(ctx, lo, hi, pt, out, off);
          const wpBig = api.spteWriteProtect(v, pt);
          expect([at(), (wp & core.SPTE_CHANGED) !== 0, (wp & core.SPTE_FLUSH) !== 0]).toEqual([
            wpBig.spte,
            wpBig.changed,
            wpBig.flush,
          ]);
          const cd = core.clearDirty(ctx, lo, hi, out, off);
          const cdBig = api.clearDirty(v);
          expect([at(), (cd & core.SPTE_CHANGED) !== 0, (cd & core.SPTE_FLUSH) !== 0]).toEqual([
            cdBig.spte,
            cdBig.changed,
            cdBig.flush,
          ]);
        }),
      );
    });

    it('constructors and fast page fault', () => {
      fc.assert(
        fc.property(
          spte,
          fc.integer({ min: 1, max: 3 }),
          fc.integer({ min: 0, max: 511 }),
          fc.boolean(),
          fc.boolean(),
          (v, level, index, flagA, flagB) => {
            const [lo, hi] = toWords(v);
            const at = () => fromWords(out[1] ?? 0, out[2] ?? 0);
            core.makeSmallSpte(ctx, lo, hi, Math.min(level, 2), index, flagA, flagB, out, 1);
            expect(at()).toBe(api.makeSmallSpte(v, Math.min(level, 2), index, flagA, flagB));
            core.makeHugeSpte(ctx, lo, hi, Math.max(level, 2), flagA, out, 1);
            expect(at()).toBe(api.makeHugeSpte(v, Math.max(level, 2), flagA));
            core.makeNonLeafSpte(ctx, lo, hi, flagA, out, 1);
            expect(at()).toBe(api.makeNonLeafSpte(v, flagA));
            const write = flagA && !flagB;
            const r = core.fastPageFaultFix(ctx, lo, hi, level, write, flagB, flagA, out, 1);
            const big = api.fastPageFaultFix(v, level, write, flagB, flagA);
            expect(at()).toBe(big.spte);
            expect((r & core.FAST_PF_MARK_DIRTY) !== 0).toBe(big.markDirty);
            const outcome = r & core.FAST_PF_OUTCOME_MASK;
            expect(['fallback', 'spurious', 'fixed'][outcome]).toBe(big.result);
          },
        ),
      );
    });

    it('makeSpte and makeMmioSpte', () => {
      fc.assert(
        fc.property(makeSpteInputArb(), (input) => {
          const [oldLo, oldHi] = toWords(input.oldSpte);
          const args = core.makeSpteArgs({
            ...input,
            pfn: Number(input.pfn),
            oldLo,
            oldHi,
            mtMask: Number(input.mtMask),
          });
          const flags = core.makeSpte(ctx, args, out, 2);
          const big = api.makeSpte(input);
          expect(fromWords(out[2] ?? 0, out[3] ?? 0)).toBe(big.spte);
          expect((flags & core.MAKE_SPTE_WRPROT) !== 0).toBe(big.wrprot);
          expect((flags & core.MAKE_SPTE_MARK_DIRTY) !== 0).toBe(big.markDirty);

          const gfn = input.pfn;
          core.makeMmioSpte(ctx, Number(gfn), input.pteAccess, input.level * 0x12345, out, 0);
          expect(fromWords(out[0] ?? 0, out[1] ?? 0)).toBe(
            api.makeMmioSpte(gfn, input.pteAccess, BigInt(input.level * 0x12345)),
          );
        }),
      );
    });
  },
);
