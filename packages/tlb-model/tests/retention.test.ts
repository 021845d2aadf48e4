import { describe, expect, it } from 'vitest';
import { FAULT, HIT, PEEK_HIT, READ, STALE_EXCEEDING, WRITE } from '../src/index.js';
import { makeModel } from './helpers/model.js';

/** Write-tracking case (spec §5): a write-protect with the flush skipped, then unrelated work. */
function unsafeSequence(retention: 'realistic' | 'adversarial') {
  const { tlb, walker } = makeModel({
    retention,
    geometry: {
      l1d4k: { entries: 4, ways: 4 },
      stlb: { entries: 16, ways: 4 },
    },
  });
  walker.set(0, { pfn: 1000 });
  tlb.access(0, 0, WRITE); // writable entry for gfn 0
  walker.update(0, { w: false }); // write-track add clears W and MW... and (wrongly) no flush
  for (let g = 1; g <= 64; g++) {
    walker.set(g, { pfn: 1000 + g });
    tlb.access(0, g, READ); // the guest touches other pages meanwhile
  }
  const outcome = tlb.access(0, 0, WRITE);
  return { tlb, outcome };
}

describe('retention modes', () => {
  it('adversarial retention keeps the stale writable entry: the missed flush is caught', () => {
    const { tlb, outcome } = unsafeSequence('adversarial');
    expect(outcome).toBe(HIT);
    expect(tlb.lastStale).toBe(STALE_EXCEEDING);
    expect(tlb.counters.staleExceeding).toBe(1);
    expect(tlb.counters.evictions).toBe(0);
  });

  it('realistic retention evicts it, so the same unsafe sequence goes unnoticed', () => {
    const { tlb, outcome } = unsafeSequence('realistic');
    expect(outcome).toBe(FAULT);
    expect(tlb.counters.staleExceeding).toBe(0);
    expect(tlb.counters.evictions).toBeGreaterThan(0);
  });

  it('adversarial mode never evicts, whatever the number of translations', () => {
    const { tlb, walker } = makeModel({ classifyStaleHits: false });
    for (let g = 0; g < 20_000; g++) {
      walker.set(g * 7, { pfn: g });
      tlb.access(0, g * 7, READ);
    }
    expect(tlb.size(0)).toBe(20_000);
    for (let g = 0; g < 20_000; g += 997) expect(tlb.peek(0, g * 7, READ)).toBe(PEEK_HIT);
    expect(tlb.counters.evictions).toBe(0);
  });

  it('when several levels translate a gfn, adversarial mode uses the most permissive entry', () => {
    const { tlb, walker } = makeModel();
    walker.set(520, { pfn: 77, w: false });
    tlb.access(0, 520, READ); // RO 4K entry
    walker.remove(520);
    walker.set(512, { level: 2, pfn: 1024 });
    tlb.access(0, 521, WRITE); // writable, dirty 2M entry; the 4K RO entry stays
    walker.update(512, { w: false }, 2); // write-protect, no flush
    expect(tlb.access(0, 520, WRITE)).toBe(HIT); // the stale 2M W entry wins over the 4K RO one
    expect(tlb.lastLevel).toBe(2);
    expect(tlb.lastStale).toBe(STALE_EXCEEDING);
  });
});
