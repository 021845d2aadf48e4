import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostUnmapRange } from '../src/run/host-unmap-range.js';

describe('hostUnmapRange (the MMU notifier range of a host unmap, spec §3.8, §3.9)', () => {
  it('grows a 4K unmap inside a huge-backed region to the whole 2M, and leaves 4K backing alone', () => {
    expect(hostUnmapRange(3, 1, 1024, () => true)).toEqual({ gfn: 0, count: 512 });
    expect(hostUnmapRange(515, 1, 1024, () => true)).toEqual({ gfn: 512, count: 512 });
    expect(hostUnmapRange(3, 1, 1024, () => false)).toEqual({ gfn: 3, count: 1 });
    // Only the ends' regions matter; a 4K-backed end stays where it was.
    expect(hostUnmapRange(510, 4, 1024, (r) => r === 0)).toEqual({ gfn: 0, count: 514 });
    // The slot's end bounds a region the slot holds only part of.
    expect(hostUnmapRange(600, 1, 700, () => true)).toEqual({ gfn: 512, count: 188 });
  });

  it('always covers what was asked, within the slot, aligned at huge-backed ends', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4096 }),
        fc.nat(),
        fc.nat(),
        fc.func(fc.boolean()),
        (slot, a, b, huge) => {
          const gfn = a % slot;
          const count = 1 + (b % (slot - gfn));
          const r = hostUnmapRange(gfn, count, slot, (region) => huge(region));
          expect(r.gfn).toBeLessThanOrEqual(gfn);
          expect(r.gfn + r.count).toBeGreaterThanOrEqual(gfn + count);
          expect(r.gfn + r.count).toBeLessThanOrEqual(slot);
          if (huge(Math.floor(gfn / 512))) expect(r.gfn % 512).toBe(0);
        },
      ),
    );
  });
});
