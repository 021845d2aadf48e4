import { describe, expect, it } from 'vitest';
import {
  BLOCKED,
  FILL,
  HIT,
  IN_GUEST,
  OUTSIDE_GUEST,
  PEEK_HIT,
  PEEK_NONE,
  READ,
  READING_SHADOW_PAGE_TABLES,
  WRITE,
} from '../src/index.js';
import { makeModel } from './helpers/model.js';

describe('local invalidation', () => {
  it("flushLocal drops all of one vCPU's entries", () => {
    const { tlb, walker } = makeModel();
    walker.set(1, { pfn: 1 });
    walker.set(2, { pfn: 2 });
    for (const v of [0, 1]) for (const g of [1, 2]) tlb.access(v, g, READ);
    expect(tlb.flushLocal(0)).toBe(2);
    expect(tlb.size(0)).toBe(0);
    expect(tlb.size(1)).toBe(2);
    expect(tlb.counters.invalidatedFlush).toBe(2);
  });

  it('invalidateGfn drops one gfn at every level', () => {
    const { tlb, walker } = makeModel();
    walker.set(520, { pfn: 77 });
    tlb.access(0, 520, READ); // 4K entry
    walker.remove(520);
    walker.set(512, { level: 2, pfn: 1024 }); // collapsed to 2M without a flush
    tlb.access(0, 521, READ); // 2M entry; the 4K one for 520 is still cached
    walker.set(9, { pfn: 9 });
    tlb.access(0, 9, READ);
    expect(tlb.size(0)).toBe(3);
    expect(tlb.invalidateGfn(0, 520)).toBe(2);
    expect(tlb.entries(0).map((e) => e.gfn)).toEqual([9]);
    expect(tlb.counters.invalidatedGfn).toBe(2);
  });

  it('invalidateRange drops exactly the entries overlapping the range, huge ones included', () => {
    for (const retention of ['adversarial', 'realistic'] as const) {
      const { tlb, walker } = makeModel({ retention });
      for (let g = 0; g < 8; g++) walker.set(g, { pfn: 100 + g });
      walker.set(1024, { level: 2, pfn: 4096 });
      for (let g = 0; g < 8; g++) tlb.access(0, g, READ);
      tlb.access(0, 1030, READ);
      expect(tlb.invalidateRange(0, 3, 3)).toBe(3); // gfns 3,4,5
      expect(tlb.entries(0).map((e) => e.gfn)).toEqual([0, 1, 2, 6, 7, 1024]);
      expect(tlb.invalidateRange(0, 1535, 10)).toBe(1); // overlaps the 2M page's last gfn
      expect(tlb.peek(0, 1030, READ)).toBe(PEEK_NONE);
    }
  });

  it('a large range on a big adversarial TLB takes the scan path and still drops exactly', () => {
    const { tlb, walker } = makeModel({ classifyStaleHits: false });
    for (let g = 0; g < 5000; g++) walker.set(g, { pfn: g });
    for (let g = 0; g < 5000; g++) tlb.access(0, g, READ);
    expect(tlb.size(0)).toBe(5000);
    expect(tlb.invalidateRange(0, 1000, 3000)).toBe(3000);
    expect(tlb.size(0)).toBe(2000);
    expect(tlb.peek(0, 999, READ)).toBe(PEEK_HIT);
    expect(tlb.peek(0, 1000, READ)).toBe(PEEK_NONE);
    expect(tlb.peek(0, 3999, READ)).toBe(PEEK_NONE);
    expect(tlb.peek(0, 4000, READ)).toBe(PEEK_HIT);
  });
});

describe('remote flush (spec §6.4)', () => {
  function fourVcpus() {
    const m = makeModel({ vcpus: 4 });
    m.walker.set(1, { pfn: 1 });
    for (let v = 0; v < 4; v++) m.tlb.access(v, 1, WRITE);
    return m;
  }

  it('requests every vCPU, IPIs those in guest mode, which flush before returning', () => {
    const { tlb } = fourVcpus();
    tlb.exitGuest(1);
    tlb.block(2);
    const result = tlb.flushRemoteAll();
    expect(result).toEqual({ ipis: 2, requested: 4 });
    // In-guest vCPUs 0 and 3 flushed already and stay in guest mode.
    expect(tlb.mode(0)).toBe(IN_GUEST);
    expect(tlb.size(0)).toBe(0);
    expect(tlb.size(3)).toBe(0);
    // Outside / blocked keep their entries and the request until their next entry.
    expect(tlb.size(1)).toBe(1);
    expect(tlb.flushPending(1)).toBe(true);
    expect(tlb.mode(2)).toBe(BLOCKED); // not woken
    expect(tlb.counters).toMatchObject({
      ipis: 2,
      servicedByIpi: 2,
      servicedAtEntry: 0,
      tlbFlush: 2,
    });
    tlb.enterGuest(1);
    tlb.wake(2);
    tlb.enterGuest(2);
    expect(tlb.size(1) + tlb.size(2)).toBe(0);
    expect(tlb.counters).toMatchObject({ servicedAtEntry: 2, tlbFlush: 4 });
    expect(Array.from(tlb.counters.tlbFlushPerVcpu)).toEqual([1, 1, 1, 1]);
  });

  it('after flushRemoteAll returns no vCPU uses a pre-flush entry', () => {
    const { tlb, walker } = fourVcpus();
    walker.update(1, { w: false });
    tlb.exitGuest(2);
    tlb.flushRemoteAll();
    tlb.enterGuest(2);
    for (let v = 0; v < 4; v++) expect(tlb.peek(v, 1, WRITE)).toBe(PEEK_NONE);
  });

  it("a lockless walker (READING_SHADOW_PAGE_TABLES) is IPI'd but flushes at its next entry", () => {
    const { tlb } = fourVcpus();
    tlb.exitGuest(0);
    tlb.beginLocklessWalk(0);
    expect(tlb.mode(0)).toBe(READING_SHADOW_PAGE_TABLES);
    expect(tlb.flushRemoteAll().ipis).toBe(4);
    expect(tlb.size(0)).toBe(1);
    tlb.endLocklessWalk(0);
    tlb.enterGuest(0);
    expect(tlb.size(0)).toBe(0);
  });

  it('several requests before an entry are serviced once (tlb_flush counts once)', () => {
    const { tlb } = fourVcpus();
    tlb.exitGuest(0);
    tlb.flushRemoteAll();
    tlb.flushRemoteAll();
    tlb.requestFlushAtNextEntry();
    tlb.enterGuest(0);
    expect(tlb.counters.tlbFlushPerVcpu[0]).toBe(1);
  });

  it('flushVcpus flushes only the listed vCPUs', () => {
    const { tlb } = fourVcpus();
    expect(tlb.flushVcpus([1, 3, 3])).toEqual({ ipis: 2, requested: 2 });
    expect([0, 1, 2, 3].map((v) => tlb.size(v))).toEqual([1, 0, 1, 0]);
    expect(() => tlb.flushVcpus([9])).toThrow(/vCPU 9 does not exist/);
  });

  it('flushRemoteRange drops only the range, on every vCPU', () => {
    const { tlb, walker } = fourVcpus();
    walker.set(2, { pfn: 2 });
    for (let v = 0; v < 4; v++) tlb.access(v, 2, READ);
    tlb.exitGuest(3);
    expect(tlb.flushRemoteRange(2, 1)).toEqual({ ipis: 3, requested: 4 });
    for (let v = 0; v < 4; v++) {
      expect(tlb.peek(v, 1, READ)).toBe(PEEK_HIT);
      expect(tlb.peek(v, 2, READ)).toBe(PEEK_NONE);
    }
    expect(tlb.counters.invalidatedRange).toBe(4);
  });

  it('a lazy request leaves in-guest vCPUs on stale entries until their next entry', () => {
    const { tlb, walker } = fourVcpus();
    walker.update(1, { w: false });
    tlb.requestFlushAtNextEntry();
    expect(tlb.counters.ipis).toBe(0);
    expect(tlb.access(0, 1, WRITE)).toBe(HIT); // still the pre-flush writable entry
    tlb.exitGuest(0);
    tlb.enterGuest(0);
    expect(tlb.counters.servicedAtEntry).toBe(1);
    expect(tlb.peek(0, 1, WRITE)).toBe(PEEK_NONE);
  });

  it('kick makes an in-guest vCPU exit and re-enter, servicing pending requests', () => {
    const { tlb } = fourVcpus();
    tlb.requestFlushAtNextEntry();
    expect(tlb.kick(0)).toBe(1);
    expect(tlb.size(0)).toBe(0);
    tlb.exitGuest(1);
    expect(tlb.kick(1)).toBe(0);
  });
});

describe('vCPU modes', () => {
  it('rejects transitions that cannot happen', () => {
    const { tlb } = makeModel();
    expect(() => tlb.enterGuest(0)).toThrow(/cannot enter guest mode on vCPU 0: it is in-guest/);
    tlb.exitGuest(0);
    expect(() => tlb.exitGuest(0)).toThrow(/expected in-guest/);
    expect(() => tlb.wake(0)).toThrow(/expected blocked/);
    tlb.block(0);
    expect(tlb.mode(0)).toBe(BLOCKED);
    tlb.enterGuest(0); // wake and enter
    expect(tlb.mode(0)).toBe(IN_GUEST);
    tlb.block(0);
    tlb.wake(0);
    expect(tlb.mode(0)).toBe(OUTSIDE_GUEST);
  });

  it('a fresh model starts with every vCPU outside guest mode', async () => {
    const { TlbModel } = await import('../src/index.js');
    const { FakeWalker } = await import('./helpers/fake-walker.js');
    const tlb = new TlbModel({ vcpus: 3 }, new FakeWalker());
    expect([0, 1, 2].map((v) => tlb.mode(v))).toEqual([
      OUTSIDE_GUEST,
      OUTSIDE_GUEST,
      OUTSIDE_GUEST,
    ]);
  });

  it('FILL after re-entry: a flushed vCPU walks again', () => {
    const { tlb, walker } = makeModel();
    walker.set(1, { pfn: 1 });
    tlb.access(0, 1, READ);
    tlb.flushRemoteAll();
    expect(tlb.access(0, 1, READ)).toBe(FILL);
    expect(tlb.access(0, 1, READ)).toBe(HIT);
  });
});
