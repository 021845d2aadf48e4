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

  it('takeLong takes a 64-bit word: the set gfns, ascending, and clears them (xchg with 0)', () => {
    const slot = new Memslot(200);
    slot.dirtyLogging = true;
    for (const gfn of [64, 65, 95, 96, 127, 128]) slot.markDirty(gfn);
    const gfns: number[] = [];
    // Word 1 covers gfns 64–127, both 32-bit halves, as the kernel's unsigned long does.
    expect(slot.takeLong(1, gfns)).toBe(5);
    expect(gfns).toEqual([64, 65, 95, 96, 127]);
    expect(slot.takeLong(1, [])).toBe(0);
    expect(slot.isDirty(127)).toBe(false);
    expect(slot.isDirty(128)).toBe(true);
  });

  it('sizes the bitmap in 64-bit words and never sets a bit beyond the slot', () => {
    const slot = new Memslot(100);
    expect(slot.longs).toBe(2);
    slot.setAllDirty();
    const gfns: number[] = [];
    expect(slot.takeLong(0, gfns) + slot.takeLong(1, gfns)).toBe(100);
    expect(gfns.at(-1)).toBe(99);
  });
});
