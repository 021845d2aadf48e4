import { describe, expect, it } from 'vitest';
import { FAULT, FILL, HIT, PEEK_DENIED, PEEK_NONE, READ, WRITE } from '../src/index.js';
import type { TlbModel } from '../src/index.js';
import { makeModel } from './helpers/model.js';

/** Runs a write until it completes, as KVM + scheduler would (re-enter after each fault). */
function writeUntilDone(tlb: TlbModel, vcpu: number, gfn: number, limit: number): number {
  for (let attempt = 1; attempt <= limit; attempt++) {
    if (tlb.access(vcpu, gfn, WRITE) !== FAULT) return attempt;
    // KVM: fast page fault finds the SPTE already writable -> RET_PF_SPURIOUS; re-enter.
    tlb.enterGuest(vcpu);
  }
  return -1;
}

describe('a fault invalidates the faulting translation (SDM 4.10.4.1, 28.3.3.1)', () => {
  it('a stale read-only entry costs one spurious fault, not a fault loop', () => {
    for (const retention of ['adversarial', 'realistic'] as const) {
      const { tlb, walker } = makeModel({ retention });
      walker.set(5, { pfn: 50, w: false });
      tlb.access(0, 5, READ); // RO entry
      walker.update(5, { w: true }); // permission increase: no flush needed (spec §6.3)
      expect(writeUntilDone(tlb, 0, 5, 10)).toBe(2);
      expect(tlb.counters.faultsFromTlb).toBe(1);
      expect(tlb.counters.invalidatedFault).toBe(1);
      expect(tlb.access(0, 5, WRITE)).toBe(HIT);
    }
  });

  it('the fault comes from the cached entry without a walk', () => {
    const { tlb, walker } = makeModel();
    walker.set(5, { pfn: 50, w: false });
    tlb.access(0, 5, READ);
    walker.update(5, { w: true });
    const walks = tlb.counters.walks;
    expect(tlb.access(0, 5, WRITE)).toBe(FAULT);
    expect(tlb.lastFaultFromTlb).toBe(true);
    expect(tlb.counters.walks).toBe(walks);
  });

  it("drops only this vCPU's translations of the faulting gfn, at every level", () => {
    const { tlb, walker } = makeModel();
    walker.set(5, { pfn: 50, w: false });
    walker.set(6, { pfn: 60, w: false });
    tlb.access(0, 5, READ);
    tlb.access(0, 6, READ);
    tlb.access(1, 5, READ);
    expect(tlb.access(0, 5, WRITE)).toBe(FAULT);
    expect(tlb.peek(0, 5, READ)).toBe(PEEK_NONE);
    expect(tlb.peek(0, 6, WRITE)).toBe(PEEK_DENIED);
    expect(tlb.peek(1, 5, WRITE)).toBe(PEEK_DENIED);
  });

  it('drops a huge entry covering the faulting gfn', () => {
    const { tlb, walker } = makeModel();
    walker.set(512, { level: 2, pfn: 1024, w: false });
    tlb.access(0, 600, READ);
    walker.remove(512, 2);
    walker.set(700, { pfn: 7 }); // split: 4K leaf now writable
    expect(tlb.access(0, 700, WRITE)).toBe(FAULT); // served by the RO 2M entry
    tlb.enterGuest(0);
    expect(tlb.access(0, 700, WRITE)).toBe(FILL);
    expect(tlb.lastPfn).toBe(7);
  });
});
