import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spteApi } from '../../src/index.js';
import { referenceModel } from './reference-model.js';
import { ALL_CONTEXTS, spteArb } from './support.js';

/*
 * Random draws beyond the vector file, checked against an independent bigint model of the spec
 * rules (reference-model.ts).
 */
describe.each(ALL_CONTEXTS.map((ctx) => [`${ctx.format} ${ctx.kernel}`, ctx] as const))(
  'public API = spec reference model (%s)',
  (_name, ctx) => {
    const api = spteApi(ctx.format, ctx.kernel);
    const ref = referenceModel(ctx);
    const spte = spteArb(ctx);

    it('predicates', () => {
      fc.assert(
        fc.property(spte, fc.integer({ min: 1, max: 3 }), (v, level) => {
          expect(api.spteAdEnabled(v)).toBe(ref.adEnabled(v));
          expect(api.isAccessTrack(v)).toBe(ref.accessTrack(v));
          expect(api.isMmuWritable(v)).toBe(ref.mw(v));
          expect(api.isExecutable(v)).toBe(ref.executable(v));
          expect(api.isAccessed(v)).toBe(ref.accessed(v));
          expect(api.isDirtyV6_12(v)).toBe(ref.dirty612(v));
          expect(api.hasVolatileBits(v)).toBe(ref.volatile(v));
          expect(api.checkSpteWritableInvariants(v)).toBe(ref.invariantsHold(v));
          expect(api.isLast(v, level)).toBe(ref.isLast(v, level));
        }),
      );
    });

    it('flush rules', () => {
      fc.assert(
        fc.property(spte, spte, (o, n) => {
          expect(api.flushV6_12(o, n)).toBe(ref.flush612(o, n));
          expect(api.flushV6_13(o, n)).toBe(ref.flush613(o, n));
        }),
      );
    });

    it('access tracking, write protection, clearing dirty', () => {
      fc.assert(
        fc.property(spte, fc.boolean(), (v, ptProtect) => {
          expect(api.markSpteForAccessTrack(v)).toBe(ref.mark(v));
          expect(api.restoreAccTrackSpte(v)).toBe(ref.restore(v));
          expect(api.spteWriteProtect(v, ptProtect)).toEqual(ref.writeProtect(v, ptProtect));
          expect(api.clearDirty(v)).toEqual(ref.clearDirty(v));
        }),
      );
    });

    it('fast page fault', () => {
      const access = fc.constantFrom([false, false], [true, false], [false, true]);
      fc.assert(
        fc.property(
          spte,
          fc.integer({ min: 1, max: 3 }),
          access,
          fc.boolean(),
          (v, level, [w, x], dl) => {
            expect(api.fastPageFaultFix(v, level, w, x, dl)).toEqual(
              ref.fastPageFault(v, level, w, x, dl),
            );
          },
        ),
      );
    });
  },
);
