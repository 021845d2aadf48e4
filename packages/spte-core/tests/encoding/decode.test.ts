import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, FROZEN_SPTE, SHADOW_NONPRESENT_VALUE, spteApi } from '../../src/index.js';
import { ALL_CONTEXTS, spteArb } from './support.js';

const warningsOf = (value: bigint, format: 'ept' | 'ept-noad' | 'legacy' = 'ept') =>
  decode(value, format).warnings;

describe('decode', () => {
  describe.each(ALL_CONTEXTS.map((ctx) => [`${ctx.format} ${ctx.kernel}`, ctx] as const))(
    '%s',
    (_name, ctx) => {
      it('fields tile all 64 bits once and reassemble the value', () => {
        fc.assert(
          fc.property(spteArb(ctx), (value) => {
            const d = decode(value, ctx.format, ctx.kernel);
            let covered = 0n;
            let rebuilt = 0n;
            for (const f of d.fields) {
              const [hi, lo = hi] = f.bits.split(':').map(Number) as [number, number?];
              const mask = ((1n << BigInt(hi - lo + 1)) - 1n) << BigInt(lo);
              expect(covered & mask).toBe(0n);
              covered |= mask;
              rebuilt |= BigInt(f.value) << BigInt(lo);
            }
            expect(covered).toBe((1n << 64n) - 1n);
            expect(rebuilt).toBe(value);
            expect(d.value).toBe(`0x${value.toString(16)}`);
          }),
        );
      });

      it('an SPTE built for a fault the way KVM builds it has no warnings', () => {
        const api = spteApi(ctx.format, ctx.kernel);
        const input = fc.record({
          level: fc.integer({ min: 1, max: 3 }),
          pteAccess: fc.constantFrom(4, 5, 6, 7), // ACC_USER: EPT readable
          pfn: fc.bigInt({ min: 0n, max: (1n << 34n) - 1n }),
          prefetch: fc.boolean(),
          hostWritable: fc.boolean(),
          unsyncFails: fc.boolean(),
          nxHugePages: fc.boolean(),
          mtMask: fc.constant(ctx.masks.isEpt ? 0x70n : 0n),
        });
        fc.assert(
          fc.property(input, (args) => {
            const d = decode(api.makeSpte(args).spte, ctx.format, ctx.kernel);
            expect(d.kind).toBe('shadow-present');
            expect(d.warnings).toEqual([]);
          }),
        );
      });
    },
  );

  it('reports the writability invariants', () => {
    const api = spteApi('ept');
    const leaf = api.makeSpte({ level: 1, pteAccess: 7, pfn: 0x1234n }).spte;
    const m = api.context.masks;
    expect(warningsOf(leaf & ~m.shadowMmuWritableMask)).toEqual([
      'W set but MMU-writable clear (MW=0 must imply W=0)',
    ]);
    expect(warningsOf(leaf & ~m.shadowHostWritableMask)).toEqual([
      'MMU-writable set but host-writable clear (MW must imply HW)',
    ]);
  });

  it('reports encodings KVM never builds', () => {
    const present = 0x8000000000001805n; // SVE, P(MMU), R and X, pfn 1
    expect(warningsOf(present)).toEqual([]);
    expect(warningsOf(present | (3n << 52n))).toEqual(['A/D type 3 is not defined']);
    expect(warningsOf(present | (1n << 54n))).toEqual([
      'bits 54/56 (saved R/X) set on an SPTE that is not access-tracked',
    ]);
    expect(warningsOf(present | (1n << 50n))).toEqual([
      'address bits 51:46 set: above the host MAXPHYADDR (46)',
    ]);
    expect(warningsOf((present & ~7n) | 2n | (3n << 57n))).toEqual([
      'W without R: an EPT misconfiguration',
    ]);
    expect(warningsOf(present | (2n << 3n))).toEqual([
      'EPT memory type 2 causes an EPT misconfiguration',
    ]);
    expect(warningsOf(0x801n, 'legacy')).toEqual([]);
    expect(warningsOf(0x801n | (1n << 52n), 'legacy')).toEqual([
      'bits 53:52 set: reserved with PAE, KVM keeps them 0 outside EPT',
    ]);
  });

  it('classifies frozen, MMIO and non-present values', () => {
    expect(decode(FROZEN_SPTE, 'ept').kind).toBe('frozen');
    expect(decode(SHADOW_NONPRESENT_VALUE, 'legacy')).toMatchObject({
      kind: 'non-present',
      warnings: [],
    });
    expect(decode(0x10n, 'ept').warnings).toEqual([
      'not shadow-present, yet not SHADOW_NONPRESENT_VALUE (0x8000000000000000): KVM never writes such a value',
    ]);
    const mmio = spteApi('legacy').makeMmioSpte(0x1234n, 6, 0x4321n);
    expect(decode(mmio, 'legacy')).toMatchObject({ kind: 'mmio', mmioGeneration: '0x4321' });
  });

  it('lists is_dirty_spte only for v6.12', () => {
    expect(decode(0x0n, 'ept', 'v6.12').predicates).toHaveProperty('is_dirty_spte');
    expect(decode(0x0n, 'ept', 'v6.13').predicates).not.toHaveProperty('is_dirty_spte');
  });

  it('rejects values outside 64 bits', () => {
    expect(() => decode(1n << 64n, 'ept')).toThrow(RangeError);
    expect(() => decode(-1n, 'ept')).toThrow(RangeError);
  });
});
