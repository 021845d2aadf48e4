import { PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { HIT, READ, TlbModel, WRITE } from '../src/index.js';
import type { TlbModel as Model } from '../src/index.js';
import { FakeWalker } from './helpers/fake-walker.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const GFNS = 512;

/**
 * The loop measured: hits only (every gfn already cached). Returns an int32 checksum of lastPfn
 * (a double accumulator would itself box a HeapNumber per iteration in unoptimised code).
 */
function hitLoop(tlb: Model, rounds: number): number {
  let sum = 0;
  for (let r = 0; r < rounds; r++) {
    for (let g = 0; g < GFNS; g++) {
      if (tlb.access(r & 1, g, (g & 3) === 0 ? WRITE : READ) !== HIT) return -1;
      sum = (sum + tlb.lastPfn) | 0;
    }
  }
  return sum;
}

async function allocationDuring(run: () => void): Promise<{ gcs: number; heapGrowth: number }> {
  let gcs = 0;
  const observer = new PerformanceObserver((list) => {
    gcs += list.getEntries().length;
  });
  gc();
  observer.observe({ entryTypes: ['gc'] });
  const before = process.memoryUsage().heapUsed;
  run();
  const heapGrowth = process.memoryUsage().heapUsed - before;
  await new Promise((resolve) => setTimeout(resolve, 20));
  observer.disconnect();
  return { gcs, heapGrowth };
}

describe('hot path', () => {
  for (const retention of ['adversarial', 'realistic'] as const) {
    it(`a lookup plus hit allocates nothing (${retention})`, async () => {
      const walker = new FakeWalker();
      for (let g = 0; g < GFNS; g++) walker.set(g, { pfn: 1000 + g });
      const tlb = new TlbModel({ vcpus: 2, retention, classifyStaleHits: false }, walker);
      tlb.enterGuest(0);
      tlb.enterGuest(1);
      for (let g = 0; g < GFNS; g++) {
        tlb.access(0, g, WRITE);
        tlb.access(1, g, WRITE);
      }
      expect(hitLoop(tlb, 4000)).not.toBe(-1); // warm up: optimise before measuring
      // 2 million hits. The smallest heap object is 16 bytes, so allocating anything per hit
      // would grow the heap by at least 32 MB and force scavenges. The bound is 2 bytes per hit:
      // it leaves room for what the engine itself allocates under CPU contention (optimised code
      // finished late by a background compiler, about 1.4 MB measured with 14 test files in
      // parallel on 2 cores) and still fails by 8x on a single per-hit allocation.
      // A per-hit allocation shows on every attempt; a collection the engine makes for its own
      // reasons (seen once in CI with four other test processes on two cores) does not, so the
      // best of three attempts is judged.
      const rounds = 4000;
      let best = { gcs: Infinity, heapGrowth: Infinity };
      for (
        let attempt = 0;
        attempt < 3 && (best.gcs > 0 || best.heapGrowth >= 2 * rounds * GFNS);
        attempt++
      ) {
        const m = await allocationDuring(() => {
          expect(hitLoop(tlb, rounds)).not.toBe(-1);
        });
        if (m.gcs < best.gcs || (m.gcs === best.gcs && m.heapGrowth < best.heapGrowth)) best = m;
      }
      expect(best.gcs).toBe(0);
      expect(best.heapGrowth).toBeLessThan(2 * rounds * GFNS);
      expect(tlb.counters.misses).toBe(2 * GFNS); // every measured access was a hit
    });
  }

  it('the allocation probe does see allocation (control)', async () => {
    const sink: object[] = [];
    const { gcs, heapGrowth } = await allocationDuring(() => {
      for (let i = 0; i < 2_000_000; i++) {
        const o = { i };
        if ((i & 0xffff) === 0) sink.push(o);
      }
    });
    expect(gcs > 0 || heapGrowth > 8 << 20).toBe(true);
    expect(sink.length).toBeGreaterThan(0);
  });
});
