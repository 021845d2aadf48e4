import { describe, expect, it } from 'vitest';
import {
  accessKind,
  createGfnPattern,
  createRng,
  isHugeBacked,
  type PatternParams,
} from '../src/index.js';

const base: PatternParams = {
  pattern: 'uniform',
  vcpus: 2,
  gfns: 100,
  zipfS: 1,
  hotFraction: 0.1,
  hotShare: 0.9,
  stride: 1,
  sharing: 0.1,
};

function histogram(p: Partial<PatternParams>, draws = 20_000, vcpu = 0): number[] {
  const params = { ...base, ...p };
  const pattern = createGfnPattern(params, createRng(3));
  const counts = new Array<number>(params.gfns).fill(0);
  for (let i = 0; i < draws; i++) counts[pattern.next(vcpu)]!++;
  return counts;
}

describe('access patterns', () => {
  it('uniform touches every gfn about equally', () => {
    const counts = histogram({});
    expect(Math.min(...counts)).toBeGreaterThan(120);
    expect(Math.max(...counts)).toBeLessThan(290);
  });

  it('zipf(s) ranks gfns by popularity, more steeply for larger s', () => {
    const s1 = histogram({ pattern: 'zipf', zipfS: 1 });
    const s2 = histogram({ pattern: 'zipf', zipfS: 2 });
    // Under zipf(1) gfn 0 is drawn about 1/H(100) ≈ 19% of the time, and twice as often as gfn 1.
    expect(s1[0]! / 20_000).toBeGreaterThan(0.17);
    expect(s1[0]! / 20_000).toBeLessThan(0.22);
    expect(s1[0]! / s1[1]!).toBeGreaterThan(1.7);
    expect(s1[0]! / s1[1]!).toBeLessThan(2.3);
    expect(s2[0]!).toBeGreaterThan(s1[0]!);
    expect(histogram({ pattern: 'zipf', zipfS: 0 })[0]).toBeLessThan(300); // s = 0 is uniform
  });

  it('hot-cold sends hotShare of the accesses to hotFraction of the gfns, spread out', () => {
    const counts = histogram({ pattern: 'hot-cold', hotFraction: 0.1, hotShare: 0.9 });
    const hot = counts.map((n, g) => [n, g] as const).filter(([n]) => n > 500);
    expect(hot.map(([, g]) => g)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    const hotDraws = hot.reduce((sum, [n]) => sum + n, 0);
    expect(hotDraws / 20_000).toBeCloseTo(0.9, 1);
    expect(Math.min(...counts)).toBeGreaterThan(0); // the cold gfns are touched too
  });

  it('sequential scans from each vCPU’s own start with the stride, wrapping', () => {
    const pattern = createGfnPattern({ ...base, pattern: 'sequential', stride: 30 }, createRng(1));
    expect([0, 1, 2, 3, 4].map(() => pattern.next(0))).toEqual([0, 30, 60, 90, 20]);
    expect([0, 1, 2].map(() => pattern.next(1))).toEqual([50, 80, 10]);
  });

  it('working-set keeps a vCPU in its own slice but for the sharing share', () => {
    const v1 = histogram({ pattern: 'working-set', sharing: 0.1 }, 20_000, 1);
    const own = v1.slice(50).reduce((a, b) => a + b, 0);
    expect(own / 20_000).toBeCloseTo(0.95, 1);
    expect(v1.slice(0, 50).some((n) => n > 0)).toBe(true);
  });

  it('mixes reads, writes and fetches in the given shares', () => {
    const rng = createRng(9);
    const kinds = { read: 0, write: 0, exec: 0 };
    for (let i = 0; i < 20_000; i++) kinds[accessKind(rng, 0.5, 0.2)]++;
    expect(kinds.write / 20_000).toBeCloseTo(0.5, 1);
    expect(kinds.exec / 20_000).toBeCloseTo(0.2, 1);
    expect(kinds.read / 20_000).toBeCloseTo(0.3, 1);
  });
});

describe('huge-page backing ratio', () => {
  it('backs that share of 2M regions with huge pages, spread evenly', () => {
    const regions = Array.from({ length: 8 }, (_, r) => isHugeBacked(r, 0.25));
    expect(regions).toEqual([false, false, false, true, false, false, false, true]);
    expect(
      Array.from({ length: 100 }, (_, r) => isHugeBacked(r, 0.3)).filter(Boolean),
    ).toHaveLength(30);
    expect(isHugeBacked(5, 0)).toBe(false);
    expect(isHugeBacked(5, 1)).toBe(true);
  });
});
