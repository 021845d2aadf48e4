import { StateBuffer } from '@spte-lab/spte-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { READ, WRITE } from '../src/index.js';
import type { TlbModel } from '../src/index.js';
import { UnboundedTlb } from '../src/tlb/unbounded-tlb.js';
import { makeModel } from './helpers/model.js';

/** The explorer's snapshots (simulator `spte-lab check`): save, change anything, load back. */

function contents(tlb: UnboundedTlb): Map<number, [number, number]> {
  const out = new Map<number, [number, number]>();
  tlb.forEach((key, perms, basePfn) => out.set(key, [perms, basePfn]));
  return out;
}

const fillsArb = fc.array(
  fc.record({
    gfn: fc.integer({ min: 0, max: 5000 }),
    level: fc.integer({ min: 1, max: 3 }),
    perms: fc.integer({ min: 1, max: 31 }),
  }),
  { maxLength: 200 },
);

describe('UnboundedTlb saveState / loadState', () => {
  it('loads exactly the saved entries, whatever happened in between', () => {
    fc.assert(
      fc.property(fillsArb, fillsArb, fc.boolean(), (before, between, flush) => {
        const tlb = new UnboundedTlb(8);
        for (const f of before) tlb.fill(f.gfn, 0, f.level, f.gfn + 7, f.perms);
        const out = new StateBuffer();
        tlb.saveState(out);
        const saved = contents(tlb);
        if (flush) tlb.flushAll();
        for (const f of between) tlb.fill(f.gfn, 0, f.level, f.gfn + 9, f.perms);
        out.at = 0;
        tlb.loadState(out);
        expect(contents(tlb)).toEqual(saved);
        expect(tlb.size()).toBe(saved.size);
        for (const f of before) expect(tlb.find(f.gfn, READ, false)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

function state(tlb: TlbModel) {
  return {
    entries: [0, 1].map((v) => tlb.entries(v)),
    modes: [0, 1].map((v) => tlb.mode(v)),
    pending: [0, 1].map((v) => tlb.flushPending(v)),
    pml: [0, 1].map((v) => tlb.pmlPending(v)),
  };
}

describe('TlbModel saveState / loadState / forEachEntry', () => {
  it('restores entries, modes, pending flush requests and PML buffers', () => {
    const { tlb, walker } = makeModel({ retention: 'adversarial', pml: true });
    for (let g = 0; g < 6; g++) walker.set(g, { pfn: 100 + g });
    tlb.access(0, 1, WRITE);
    tlb.access(1, 2, READ);
    tlb.requestFlushAtNextEntry();
    tlb.exitGuest(1);
    const out = new StateBuffer();
    tlb.saveState(out);
    const saved = state(tlb);
    tlb.flushRemoteAll();
    tlb.enterGuest(1);
    tlb.access(0, 3, WRITE);
    tlb.access(1, 4, WRITE);
    expect(state(tlb)).not.toEqual(saved);
    out.at = 0;
    tlb.loadState(out);
    expect(state(tlb)).toEqual(saved);
    expect(saved.pml[0]).toBe(1);
  });

  it('forEachEntry visits what entries() lists, with its flags as bits', () => {
    const { tlb, walker } = makeModel({ retention: 'adversarial' });
    walker.set(1, { pfn: 11 });
    walker.set(2, { pfn: 12, d: true });
    walker.set(3, { pfn: 13, ad: false });
    tlb.access(0, 1, READ);
    tlb.access(0, 2, WRITE);
    tlb.access(0, 3, READ);
    const seen: object[] = [];
    tlb.forEachEntry(0, (gfn, level, pfn, flags) =>
      seen.push({
        gfn,
        level,
        pfn,
        readable: (flags & 1) !== 0,
        writable: (flags & 2) !== 0,
        executable: (flags & 4) !== 0,
        dirty: (flags & 8) !== 0,
        adEnabled: (flags & 16) !== 0,
      }),
    );
    expect(seen.sort((a, b) => (a as { gfn: number }).gfn - (b as { gfn: number }).gfn)).toEqual(
      tlb.entries(0),
    );
    expect(seen).toHaveLength(3);
  });
});
