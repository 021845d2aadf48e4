import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spteApi, type MakeSpteInput, type SpteApi } from '../../src/index.js';
import { ALL_CONTEXTS, makeSpteInputArb, spteArb } from './support.js';

/** Makes a random value respect the writability invariants (spec §1.6). */
function repair(api: SpteApi, v: bigint): bigint {
  const m = api.context.masks;
  return api.isMmuWritable(v) ? v | m.shadowHostWritableMask : v & ~2n;
}

/** A leaf built by make_spte, then one transition the MMU applies to leaves. */
function transitionPairArb(api: SpteApi) {
  const transitions: readonly ((old: bigint, input: MakeSpteInput) => bigint)[] = [
    (old) => api.spteWriteProtect(old, true).spte,
    (old) => api.spteWriteProtect(old, false).spte,
    (old) => api.markSpteForAccessTrack(old),
    (old) => api.clearDirty(old).spte,
    (old, input) => api.makeSpte({ ...input, oldSpte: old }).spte,
  ];
  return fc
    .tuple(makeSpteInputArb(), makeSpteInputArb(), fc.constantFrom(...transitions))
    .map(([first, second, transition]) => {
      const old = api.makeSpte(first).spte;
      return [old, transition(old, { ...second, level: first.level })] as const;
    });
}

describe.each(ALL_CONTEXTS.map((ctx) => [`${ctx.format} ${ctx.kernel}`, ctx] as const))(
  'invariants (%s)',
  (_name, ctx) => {
    const api = spteApi(ctx.format, ctx.kernel);

    it('every SPTE makeSpte produces has MW=0 ⇒ W=0 and MW ⇒ HW', () => {
      fc.assert(
        fc.property(makeSpteInputArb(), (input) => {
          const { spte } = api.makeSpte(input);
          if (!api.isMmuWritable(spte)) expect(api.isWritable(spte)).toBe(false);
          else expect(api.isHostWritable(spte)).toBe(true);
          expect(api.checkSpteWritableInvariants(spte)).toBe(true);
        }),
        { numRuns: 2000 },
      );
    });

    it('the v6.13 rule never flushes where v6.12 did not (random invariant-respecting pairs)', () => {
      const spte = spteArb(ctx).map((v) => repair(api, v));
      fc.assert(
        fc.property(spte, spte, (o, n) => {
          if (api.flushV6_13(o, n)) expect(api.flushV6_12(o, n)).toBe(true);
        }),
        { numRuns: 2000 },
      );
    });

    it('the v6.13 rule never flushes where v6.12 did not (make_spte + a transition)', () => {
      fc.assert(
        fc.property(transitionPairArb(api), ([o, n]) => {
          expect(api.checkSpteWritableInvariants(n)).toBe(true);
          if (api.flushV6_13(o, n)) expect(api.flushV6_12(o, n)).toBe(true);
        }),
        { numRuns: 2000 },
      );
    });
  },
);

describe('the claim needs the invariant', () => {
  it('a new SPTE with W=1, MW=0 (illegal) flushes under v6.13 only', () => {
    const api = spteApi('ept', 'v6.13');
    const old = api.makeSpte({ level: 1, pteAccess: 7, pfn: 0x1234n }).spte;
    const illegal = old & ~api.context.masks.shadowMmuWritableMask; // keeps W, A and D
    expect(api.checkSpteWritableInvariants(illegal)).toBe(false);
    expect(api.flushV6_13(old, illegal)).toBe(true);
    expect(api.flushV6_12(old, illegal)).toBe(false);
  });
});
