import { describe, expect, it } from 'vitest';
import { EXEC, FILL, HIT, READ } from '../src/index.js';
import { Replacement } from '../src/tlb/replacement.js';
import { SetAssocArray } from '../src/tlb/set-assoc-array.js';
import { makeModel } from './helpers/model.js';

describe('SetAssocArray', () => {
  it('LRU evicts the least recently used way of the set', () => {
    const array = new SetAssocArray({ entries: 4, ways: 2 }, new Replacement('lru', 0, 0));
    // vpns 0, 2, 4 map to set 0 (2 sets).
    array.insert(0 * 4 + 1, 0, 1, 100);
    array.insert(2 * 4 + 1, 2, 1, 102);
    array.touch(array.find(0 * 4 + 1, 0)); // 0 is now most recent
    expect(array.insert(4 * 4 + 1, 4, 1, 104)).toBe(2 * 4 + 1);
    expect(array.find(0 * 4 + 1, 0)).not.toBe(-1);
    expect(array.live).toBe(2);
  });

  it('random replacement is reproducible from the seed', () => {
    const victims = (seed: number) => {
      const array = new SetAssocArray({ entries: 8, ways: 8 }, new Replacement('random', seed, 0));
      const out: number[] = [];
      for (let vpn = 0; vpn < 40; vpn++) out.push(array.insert(vpn * 4 + 1, vpn, 1, vpn));
      return out;
    };
    expect(victims(7)).toEqual(victims(7));
    expect(victims(7)).not.toEqual(victims(8));
  });

  it('updating a present key neither evicts nor grows', () => {
    const array = new SetAssocArray({ entries: 2, ways: 2 }, new Replacement('lru', 0, 0));
    array.insert(5, 1, 1, 10);
    array.insert(9, 2, 1, 20);
    expect(array.insert(5, 1, 3, 11)).toBe(-1);
    expect(array.live).toBe(2);
    expect(array.perms[array.find(5, 1)]).toBe(3);
  });
});

describe('realistic hierarchy', () => {
  it('an L1 miss that hits the STLB is a hit, charged as an STLB hit', () => {
    const { tlb, walker } = makeModel({
      retention: 'realistic',
      classifyStaleHits: false,
      geometry: { l1d4k: { entries: 1, ways: 1 } },
    });
    walker.set(1, { pfn: 1 });
    walker.set(2, { pfn: 2 });
    tlb.access(0, 1, READ);
    tlb.access(0, 2, READ); // evicts gfn 1 from the 1-entry L1, not from the STLB
    expect(tlb.counters.l1Evictions).toBe(1);
    expect(tlb.access(0, 1, READ)).toBe(HIT);
    expect(tlb.counters.stlbHits).toBe(1);
    expect(tlb.counters.cycles).toBeGreaterThan(0);
  });

  it('STLB capacity evictions drop the translation (and its L1 copy)', () => {
    const { tlb, walker } = makeModel({
      retention: 'realistic',
      geometry: { stlb: { entries: 4, ways: 4 } },
    });
    for (let g = 0; g < 5; g++) {
      walker.set(g, { pfn: g });
      tlb.access(0, g, READ);
    }
    expect(tlb.counters.evictions).toBe(1);
    expect(tlb.size(0)).toBe(4);
    expect(tlb.access(0, 0, READ)).toBe(FILL); // LRU victim was gfn 0, gone from L1 too
  });

  it('instruction fetches use the L1 ITLB, backed by the shared STLB', () => {
    const { tlb, walker } = makeModel({
      retention: 'realistic',
      classifyStaleHits: false,
      geometry: { l1i4k: { entries: 1, ways: 1 } },
    });
    walker.set(1, { pfn: 1, x: true });
    tlb.access(0, 1, READ); // L1D + STLB
    expect(tlb.access(0, 1, EXEC)).toBe(HIT); // L1I miss, STLB hit
    expect(tlb.counters.stlbHits).toBe(1);
    expect(tlb.access(0, 1, EXEC)).toBe(HIT);
    expect(tlb.counters.stlbHits).toBe(1);
  });
});
