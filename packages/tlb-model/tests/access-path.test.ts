import { describe, expect, it } from 'vitest';
import { EXEC, FAULT, FILL, HIT, IN_GUEST, OUTSIDE_GUEST, READ, WRITE } from '../src/index.js';
import { makeModel } from './helpers/model.js';

describe('access path: hits and misses (spec §6.1)', () => {
  it('a miss walks and fills; the next access with the permission hits without walking', () => {
    const { tlb, walker } = makeModel();
    walker.set(10, { pfn: 500 });
    expect(tlb.access(0, 10, READ)).toBe(FILL);
    expect(tlb.lastPfn).toBe(500);
    const walks = walker.walks;
    expect(tlb.access(0, 10, READ)).toBe(HIT);
    expect(tlb.lastPfn).toBe(500);
    // A fresh hit is classified with one extra walk; nothing else walks.
    expect(walker.walks).toBe(walks + 1);
    expect(tlb.counters.walks).toBe(1);
    expect(tlb.counters).toMatchObject({ hits: 1, misses: 1, fills: 1 });
  });

  it('with classifyStaleHits off a hit never walks', () => {
    const { tlb, walker } = makeModel({ classifyStaleHits: false });
    walker.set(10, { pfn: 500 });
    tlb.access(0, 10, READ);
    const walks = walker.walks;
    for (let i = 0; i < 5; i++) expect(tlb.access(0, 10, READ)).toBe(HIT);
    expect(walker.walks).toBe(walks);
  });

  it('entries are per vCPU', () => {
    const { tlb, walker } = makeModel();
    walker.set(10, { pfn: 500 });
    tlb.access(0, 10, READ);
    expect(tlb.access(1, 10, READ)).toBe(FILL);
  });

  it('a not-present SPTE faults and creates no entry', () => {
    const { tlb } = makeModel();
    expect(tlb.access(0, 3, READ)).toBe(FAULT);
    expect(tlb.size(0)).toBe(0);
    expect(tlb.counters.faults).toBe(1);
  });

  it('an RWX=000 leaf (access-tracked) creates no entry', () => {
    const { tlb, walker } = makeModel();
    walker.set(3, { pfn: 9, r: false, w: false, x: false });
    expect(tlb.access(0, 3, READ)).toBe(FAULT);
    expect(tlb.size(0)).toBe(0);
  });

  it('a walk that lacks the permission faults and fills nothing', () => {
    const { tlb, walker } = makeModel();
    walker.set(4, { pfn: 9, w: false });
    expect(tlb.access(0, 4, WRITE)).toBe(FAULT);
    expect(tlb.size(0)).toBe(0);
    tlb.enterGuest(0);
    expect(tlb.access(0, 4, EXEC)).toBe(FAULT);
    expect(tlb.size(0)).toBe(0);
  });

  it('a huge SPTE creates one huge entry that serves every gfn of the page', () => {
    const { tlb, walker } = makeModel();
    walker.set(512, { level: 2, pfn: 4096 });
    expect(tlb.access(0, 512 + 7, READ)).toBe(FILL);
    expect(tlb.lastPfn).toBe(4096 + 7);
    expect(tlb.lastLevel).toBe(2);
    expect(tlb.access(0, 512 + 300, READ)).toBe(HIT);
    expect(tlb.lastPfn).toBe(4096 + 300);
    expect(tlb.entries(0)).toEqual([expect.objectContaining({ gfn: 512, level: 2, pfn: 4096 })]);
  });

  it('a 1G SPTE creates a 1G entry', () => {
    const { tlb, walker } = makeModel({ retention: 'realistic' });
    walker.set(1 << 18, { level: 3, pfn: 1 << 20 });
    tlb.access(0, (1 << 18) + 12345, READ);
    expect(tlb.access(0, (1 << 18) + 99999, READ)).toBe(HIT);
    expect(tlb.lastPfn).toBe((1 << 20) + 99999);
    expect(tlb.entries(0)[0]).toMatchObject({ level: 3 });
  });
});

describe('access path: A/D assists (spec §6.2)', () => {
  it('a read miss sets A only; a write miss sets A and D; the entry caches D', () => {
    const { tlb, walker } = makeModel();
    const readLeaf = walker.set(1, { pfn: 100 });
    const writeLeaf = walker.set(2, { pfn: 200 });
    tlb.access(0, 1, READ);
    tlb.access(0, 2, WRITE);
    expect(readLeaf).toMatchObject({ a: true, d: false });
    expect(writeLeaf).toMatchObject({ a: true, d: true });
    expect(walker.adCalls).toEqual([
      { gfn: 1, dirty: false },
      { gfn: 2, dirty: true },
    ]);
    expect(tlb.entries(0).map((e) => e.dirty)).toEqual([false, true]);
  });

  it('A/D-disabled SPTEs get no A/D assist', () => {
    const { tlb, walker } = makeModel();
    const leaf = walker.set(1, { pfn: 100, ad: false });
    tlb.access(0, 1, WRITE);
    expect(walker.adCalls).toEqual([]);
    expect(leaf.d).toBe(false);
    expect(tlb.access(0, 1, WRITE)).toBe(HIT);
  });

  it('a write through a D=0 entry re-walks and sets D in the SPTE', () => {
    const { tlb, walker } = makeModel();
    const leaf = walker.set(1, { pfn: 100 });
    tlb.access(0, 1, READ); // entry with D=0
    expect(tlb.access(0, 1, WRITE)).toBe(FILL);
    expect(leaf.d).toBe(true);
    expect(tlb.counters.dirtyRewalks).toBe(1);
    // The entry now has D=1: the next write is a plain hit.
    expect(tlb.access(0, 1, WRITE)).toBe(HIT);
    expect(tlb.size(0)).toBe(1);
  });

  it('the D re-walk faults when the SPTE is no longer writable (stale W=1,D=0 entry)', () => {
    const { tlb, walker } = makeModel();
    walker.set(1, { pfn: 100 });
    tlb.access(0, 1, READ); // W=1, D=0 entry
    walker.update(1, { w: false }); // write-protect without a flush
    expect(tlb.access(0, 1, WRITE)).toBe(FAULT);
    expect(tlb.lastFaultFromTlb).toBe(false);
    expect(tlb.size(0)).toBe(0);
  });

  it('a write through a cached D=1 entry does not walk, even after D was cleared', () => {
    const { tlb, walker } = makeModel();
    const leaf = walker.set(1, { pfn: 100 });
    tlb.access(0, 1, WRITE);
    walker.update(1, { d: false }); // clear D without a flush (dirty-log reap before its flush)
    expect(tlb.access(0, 1, WRITE)).toBe(HIT);
    expect(leaf.d).toBe(false);
  });
});

describe('access path: modes', () => {
  it('an access outside guest mode is a simulator bug', () => {
    const { tlb, walker } = makeModel();
    walker.set(1, { pfn: 1 });
    tlb.exitGuest(0);
    expect(() => tlb.access(0, 1, READ)).toThrow(/vCPU 0 while it is outside-guest/);
    expect(() => tlb.access(7, 1, READ)).toThrow(/vCPU 7 does not exist/);
  });

  it('a fault exits to KVM: the vCPU is outside guest mode until the scheduler enters it', () => {
    const { tlb } = makeModel();
    expect(tlb.mode(0)).toBe(IN_GUEST);
    expect(tlb.access(0, 1, READ)).toBe(FAULT);
    expect(tlb.mode(0)).toBe(OUTSIDE_GUEST);
    expect(tlb.counters.vmExits).toBe(1);
    tlb.enterGuest(0);
    expect(tlb.mode(0)).toBe(IN_GUEST);
  });
});
