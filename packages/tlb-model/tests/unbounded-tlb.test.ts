import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyOf } from '../src/tlb/entry-bits.js';
import { UnboundedTlb } from '../src/tlb/unbounded-tlb.js';

type Op =
  | { op: 'fill'; gfn: number; level: number; perms: number }
  | { op: 'remove'; gfn: number; level: number }
  | { op: 'gfn'; gfn: number }
  | { op: 'range'; gfn: number; count: number }
  | { op: 'flush' };

const gfnArb = fc.integer({ min: 0, max: 3000 });
const levelArb = fc.integer({ min: 1, max: 3 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('fill' as const),
      gfn: gfnArb,
      level: levelArb,
      perms: fc.integer({ min: 1, max: 31 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('remove' as const), gfn: gfnArb, level: levelArb }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('gfn' as const), gfn: gfnArb }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('range' as const),
      gfn: gfnArb,
      count: fc.integer({ min: 1, max: 2000 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ op: 'flush' as const }) },
);

const pages = (level: number) => 2 ** (9 * (level - 1));

describe('UnboundedTlb (open addressing, backward-shift deletion, generations)', () => {
  it('behaves like a map from translation key to entry', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), (ops) => {
        const tlb = new UnboundedTlb(8);
        const ref = new Map<number, { perms: number; level: number; first: number }>();
        for (const o of ops) {
          if (o.op === 'fill') {
            tlb.fill(o.gfn, 0, o.level, o.gfn, o.perms);
            const first = Math.floor(o.gfn / pages(o.level)) * pages(o.level);
            ref.set(keyOf(o.gfn, o.level), { perms: o.perms, level: o.level, first });
          } else if (o.op === 'remove') {
            expect(tlb.removeLevel(o.gfn, o.level)).toBe(ref.delete(keyOf(o.gfn, o.level)) ? 1 : 0);
          } else if (o.op === 'gfn') {
            let n = 0;
            for (let l = 1; l <= 3; l++) if (ref.delete(keyOf(o.gfn, l))) n++;
            expect(tlb.invalidateGfn(o.gfn)).toBe(n);
          } else if (o.op === 'range') {
            let n = 0;
            for (const [k, e] of ref) {
              if (e.first < o.gfn + o.count && o.gfn < e.first + pages(e.level)) {
                ref.delete(k);
                n++;
              }
            }
            expect(tlb.invalidateRange(o.gfn, o.count)).toBe(n);
          } else {
            expect(tlb.flushAll()).toBe(ref.size);
            ref.clear();
          }
          expect(tlb.size()).toBe(ref.size);
        }
        const seen = new Map<number, number>();
        tlb.forEach((key, perms) => seen.set(key, perms));
        expect(seen).toEqual(new Map([...ref].map(([k, e]) => [k, e.perms])));
        for (const e of ref.values()) {
          expect(tlb.find(e.first, 0, false)).toBe(true);
          // find() picked some entry covering the gfn: the reference must hold it.
          expect(ref.has(keyOf(e.first, tlb.hitLevel))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('grows past its initial capacity without losing entries', () => {
    const tlb = new UnboundedTlb(8);
    for (let g = 0; g < 10_000; g++) tlb.fill(g, 0, 1, g + 1, 1);
    expect(tlb.size()).toBe(10_000);
    expect(tlb.capacity).toBeGreaterThanOrEqual(20_000);
    for (let g = 0; g < 10_000; g += 333) {
      expect(tlb.find(g, 0, false)).toBe(true);
      expect(tlb.hitBasePfn).toBe(g + 1);
    }
  });

  it('a full flush is a generation bump: old entries are gone, new ones work', () => {
    const tlb = new UnboundedTlb(8);
    tlb.fill(1, 0, 1, 1, 1);
    tlb.fill(2, 0, 1, 2, 1);
    expect(tlb.flushAll()).toBe(2);
    expect(tlb.find(1, 0, false)).toBe(false);
    tlb.fill(2, 0, 1, 22, 1);
    expect(tlb.find(2, 0, false)).toBe(true);
    expect(tlb.hitBasePfn).toBe(22);
    expect(tlb.size()).toBe(1);
  });
});
