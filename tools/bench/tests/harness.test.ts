import { describe, expect, it } from 'vitest';
import { type Benchmark, median, runBenchmark } from '../src/harness.js';

describe('bench harness', () => {
  it('takes the median of odd and even samples', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('runs each repeat as a (baseline, work) pair of the same size and reports ratio = median / baseline', () => {
    const calls: { kind: string; n: number }[] = [];
    const b: Benchmark = {
      name: 'fake',
      description: 'counts its calls',
      opsPerIteration: 2,
      unit: 'ops/s',
      iterations: 1000,
      repeats: 3,
      run: (n) => (calls.push({ kind: 'run', n }), n),
      baseline: (n) => (calls.push({ kind: 'baseline', n }), n),
    };
    const result = runBenchmark(b, { repeats: 11, targetMs: 1 });
    expect(calls).toEqual([
      { kind: 'baseline', n: 1000 },
      { kind: 'run', n: 1000 },
      { kind: 'baseline', n: 1000 },
      { kind: 'run', n: 1000 },
      { kind: 'baseline', n: 1000 },
      { kind: 'run', n: 1000 },
    ]);
    expect(result.name).toBe('fake');
    expect(result.unit).toBe('ops/s');
    expect(result.median).toBeGreaterThan(0);
    expect(result.baseline).toBeGreaterThan(0);
    expect(result.ratio).toBeCloseTo(result.median / result.baseline, 12);
  });

  it('counts operations with opsFor when a repeat is not iterations × opsPerIteration', () => {
    const seen: number[] = [];
    const b: Benchmark = {
      name: 'events',
      description: 'a run of n main-phase events executes n + 10',
      opsPerIteration: 1,
      unit: 'events/s',
      iterations: 100,
      repeats: 1,
      opsFor: (n) => (seen.push(n), n + 10),
      run: (n) => n,
      baseline: (n) => n,
    };
    runBenchmark(b, { repeats: 1, targetMs: 1 });
    expect(seen).toEqual([100]);
  });
});
