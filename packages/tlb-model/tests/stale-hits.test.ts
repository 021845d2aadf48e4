import { describe, expect, it } from 'vitest';
import {
  HIT,
  READ,
  STALE_EXCEEDING,
  STALE_FRESH,
  STALE_HARMLESS,
  STALE_UNCHECKED,
  WRITE,
} from '../src/index.js';
import { makeModel } from './helpers/model.js';

describe('stale-hit classification', () => {
  it('a hit on an unchanged SPTE is fresh', () => {
    const { tlb, walker } = makeModel();
    walker.set(1, { pfn: 10 });
    tlb.access(0, 1, WRITE);
    expect(tlb.access(0, 1, READ)).toBe(HIT);
    expect(tlb.lastStale).toBe(STALE_FRESH);
    expect(tlb.counters.staleHarmless + tlb.counters.staleExceeding).toBe(0);
  });

  it('a read through a writable entry of a write-protected SPTE is stale but harmless', () => {
    const { tlb, walker } = makeModel();
    walker.set(1, { pfn: 10 });
    tlb.access(0, 1, WRITE);
    walker.update(1, { w: false });
    tlb.access(0, 1, READ);
    expect(tlb.lastStale).toBe(STALE_HARMLESS);
    expect(tlb.counters.staleHarmless).toBe(1);
  });

  it('a write through a writable entry of a write-protected SPTE exceeds it', () => {
    const { tlb, walker } = makeModel();
    walker.set(1, { pfn: 10 });
    tlb.access(0, 1, WRITE);
    walker.update(1, { w: false });
    expect(tlb.access(0, 1, WRITE)).toBe(HIT);
    expect(tlb.lastStale).toBe(STALE_EXCEEDING);
    expect(tlb.counters.staleExceeding).toBe(1);
  });

  it('a write through a D=1 entry after D was cleared exceeds (skipped D update / PML log)', () => {
    const { tlb, walker } = makeModel();
    walker.set(1, { pfn: 10 });
    tlb.access(0, 1, WRITE);
    walker.update(1, { d: false });
    tlb.access(0, 1, READ);
    expect(tlb.lastStale).toBe(STALE_HARMLESS);
    tlb.access(0, 1, WRITE);
    expect(tlb.lastStale).toBe(STALE_EXCEEDING);
  });

  it('any use of an entry whose SPTE was zapped or remapped exceeds', () => {
    const { tlb, walker } = makeModel();
    walker.set(1, { pfn: 10 });
    walker.set(2, { pfn: 20 });
    tlb.access(0, 1, READ);
    tlb.access(0, 2, READ);
    walker.remove(1);
    walker.update(2, { pfn: 99 });
    tlb.access(0, 1, READ);
    expect(tlb.lastStale).toBe(STALE_EXCEEDING);
    tlb.access(0, 2, READ);
    expect(tlb.lastStale).toBe(STALE_EXCEEDING);
    expect(tlb.lastPfn).toBe(20);
  });

  it('is off with classifyStaleHits: false', () => {
    const { tlb, walker } = makeModel({ classifyStaleHits: false });
    walker.set(1, { pfn: 10 });
    tlb.access(0, 1, WRITE);
    walker.update(1, { w: false });
    tlb.access(0, 1, WRITE);
    expect(tlb.lastStale).toBe(STALE_UNCHECKED);
    expect(tlb.counters.staleExceeding).toBe(0);
  });
});
