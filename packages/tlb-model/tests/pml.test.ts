import { describe, expect, it } from 'vitest';
import { FILL, HIT, PML_LOG_ENTRIES, READ, WRITE } from '../src/index.js';
import type { TlbModel } from '../src/index.js';
import { makeModel } from './helpers/model.js';

function recordDrains(tlb: TlbModel): { vcpu: number; gfns: number[] }[] {
  const drains: { vcpu: number; gfns: number[] }[] = [];
  tlb.onPmlDrain = (vcpu, gfns, count) =>
    drains.push({ vcpu, gfns: Array.from(gfns.subarray(0, count)) });
  return drains;
}

describe('PML (spec §4.6)', () => {
  it('logs a gfn when hardware sets D 0→1, and drains on VM exit', () => {
    const { tlb, walker } = makeModel({ pml: true });
    const drains = recordDrains(tlb);
    walker.set(1, { pfn: 1 });
    walker.set(2, { pfn: 2 });
    tlb.access(0, 1, WRITE); // miss: D 0->1
    tlb.access(0, 2, READ);
    tlb.access(0, 2, WRITE); // D re-walk: D 0->1
    tlb.access(0, 2, WRITE); // D=1 entry: nothing
    expect(tlb.pmlPending(0)).toBe(2);
    tlb.exitGuest(0);
    expect(drains).toEqual([{ vcpu: 0, gfns: [1, 2] }]);
    expect(tlb.pmlPending(0)).toBe(0);
    expect(tlb.counters).toMatchObject({ pmlLogged: 2, pmlDrains: 1 });
  });

  it('logs nothing when the SPTE is already dirty, or A/D is off, or PML is off', () => {
    const { tlb, walker } = makeModel({ pml: true });
    walker.set(1, { pfn: 1, d: true });
    walker.set(2, { pfn: 2, ad: false });
    tlb.access(0, 1, WRITE);
    tlb.access(0, 2, WRITE);
    expect(tlb.pmlPending(0)).toBe(0);
    const off = makeModel({ pml: false });
    off.walker.set(1, { pfn: 1 });
    off.tlb.access(0, 1, WRITE);
    expect(off.tlb.pmlPending(0)).toBe(0);
    expect(off.tlb.counters.pmlLogged).toBe(0);
  });

  it('drains on a fault exit and on an IPI exit', () => {
    const { tlb, walker } = makeModel({ pml: true });
    const drains = recordDrains(tlb);
    walker.set(1, { pfn: 1 });
    tlb.access(0, 1, WRITE);
    tlb.access(0, 99, READ); // fault: VM exit
    expect(drains).toEqual([{ vcpu: 0, gfns: [1] }]);
    tlb.enterGuest(0);
    walker.set(2, { pfn: 2 });
    tlb.access(1, 2, WRITE);
    tlb.flushRemoteAll(); // IPI: vCPU 1 exits
    expect(drains[1]).toEqual({ vcpu: 1, gfns: [2] });
  });

  it('a full buffer is a VM exit before the access: 512 gfns drained, then the 513th logged', () => {
    const { tlb, walker } = makeModel({ pml: true, classifyStaleHits: false });
    const drains = recordDrains(tlb);
    for (let g = 0; g <= PML_LOG_ENTRIES; g++) walker.set(g, { pfn: g });
    for (let g = 0; g < PML_LOG_ENTRIES; g++) tlb.access(0, g, WRITE);
    expect(drains).toEqual([]);
    expect(tlb.access(0, PML_LOG_ENTRIES, WRITE)).toBe(FILL);
    expect(drains).toHaveLength(1);
    expect(drains[0]?.gfns).toHaveLength(PML_LOG_ENTRIES);
    expect(tlb.pmlPending(0)).toBe(1);
    expect(tlb.counters.pmlFullExits).toBe(1);
  });

  it('shows the stale-D=1 hazard: a write after D was cleared without a flush is not logged', () => {
    // Migration with PML: GET_DIRTY_LOG clears D on reaped gfns, then must flush (spec §4.7).
    const { tlb, walker } = makeModel({ pml: true });
    const drains = recordDrains(tlb);
    walker.set(1, { pfn: 1 });
    tlb.access(0, 1, WRITE);
    tlb.exitGuest(0); // log drained: gfn 1 reaped
    tlb.enterGuest(0);
    walker.update(1, { d: false }); // clear D ...
    // ... without the flush: the write hits the cached D=1 entry, nothing is logged.
    expect(tlb.access(0, 1, WRITE)).toBe(HIT);
    tlb.exitGuest(0);
    expect(drains.map((d) => d.gfns)).toEqual([[1]]);
    // With the flush the next write sets D again and is logged.
    tlb.enterGuest(0);
    tlb.flushRemoteAll();
    tlb.access(0, 1, WRITE);
    tlb.exitGuest(0);
    expect(drains.map((d) => d.gfns)).toEqual([[1], [1]]);
  });
});
