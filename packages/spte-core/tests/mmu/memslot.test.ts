import { describe, expect, it } from 'vitest';
import { Memslot } from '../../src/mmu/memslot.js';

describe('memslot dirty bitmap (spec §4.1, §4.3)', () => {
  it('logs only while dirty logging is on', () => {
    const slot = new Memslot(100);
    expect(slot.markDirty(5)).toBe(false);
    expect(slot.isDirty(5)).toBe(false);
    slot.dirtyLogging = true;
    expect(slot.markDirty(5)).toBe(true);
    expect(slot.isDirty(5)).toBe(true);
  });

  it('takeWord returns the set bits and clears them (xchg with 0)', () => {
    const slot = new Memslot(64);
    slot.dirtyLogging = true;
    slot.markDirty(33);
    slot.markDirty(63);
    expect(slot.takeWord(1)).toBe(((1 << 1) | (1 << 31)) >>> 0);
    expect(slot.takeWord(1)).toBe(0);
    expect(slot.isDirty(63)).toBe(false);
  });
});
