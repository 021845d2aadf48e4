import { describe, expect, it } from 'vitest';
import { type Benchmark, median, runBenchmark, spread } from '../src/harness.js';

describe('bench harness', () => {
  it('takes the median of odd and even samples', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('gives min, median and max of a series', () => {
    expect(spread([3, 9, 1, 4])).toEqual({ min: 1, median: 3.5, max: 9 });
  });

  it('runs each repeat as a (baseline, work, reference) triple and reports both ratios', () => {
    const calls: { kind: string; n: number }[] = [];
    const reference = { iterations: 7, run: (n: number) => (calls.push({ kind: 'probe', n }), n) };
    const b: Benchmark = {
      name: 'fake',
      description: 'counts its calls',
      baselineName: 'its own calls',
      opsPerIteration: 2,
      unit: 'ops/s',
      iterations: 1000,
      repeats: 3,
      run: (n) => (calls.push({ kind: 'run', n }), n),
      baseline: (n) => (calls.push({ kind: 'baseline', n }), n),
    };
    const result = runBenchmark(b, { repeats: 11, targetMs: 1 }, reference);
    const warmUp = [
      { kind: 'baseline', n: 1000 },
      { kind: 'run', n: 1000 },
    ];
    const triple = [
      { kind: 'baseline', n: 1000 },
      { kind: 'run', n: 1000 },
      { kind: 'probe', n: 7 },
    ];
    expect(calls).toEqual([...warmUp, ...triple, ...triple, ...triple]);
    expect(result.name).toBe('fake');
    expect(result.unit).toBe('ops/s');
    expect(result.baselineName).toBe('its own calls');
    expect(result.clock).toBe('cpu');
    expect(result.min).toBeLessThanOrEqual(result.median);
    expect(result.median).toBeLessThanOrEqual(result.max);
    expect(result.baselineMin).toBeLessThanOrEqual(result.baseline);
    expect(result.baseline).toBeLessThanOrEqual(result.baselineMax);
    expect(result.median).toBeGreaterThan(0);
    expect(result.ratio).toBeCloseTo(result.median / result.baseline, 12);
    expect(result.bareProbe).toBeGreaterThan(0);
    expect(result.ratioToBareProbe).toBeCloseTo(result.median / result.bareProbe!, 12);
  });

  it('times wall-clock rows by the wall clock', () => {
    const b: Benchmark = {
      name: 'threads',
      description: 'work on other threads',
      baselineName: 'one thread',
      opsPerIteration: 1,
      unit: 'runs/s',
      iterations: 1,
      repeats: 1,
      wallClock: true,
      run: (n) => n,
      baseline: (n) => n,
    };
    const result = runBenchmark(b, { repeats: 1, targetMs: 1 }, { iterations: 1, run: (n) => n });
    expect(result.clock).toBe('wall');
  });

  it('counts operations with opsFor when a repeat is not iterations × opsPerIteration', () => {
    const seen: number[] = [];
    const b: Benchmark = {
      name: 'events',
      description: 'a run of n main-phase events executes n + 10',
      baselineName: 'itself',
      opsPerIteration: 1,
      unit: 'events/s',
      iterations: 100,
      repeats: 1,
      opsFor: (n) => (seen.push(n), n + 10),
      run: (n) => n,
      baseline: (n) => n,
    };
    runBenchmark(b, { repeats: 1, targetMs: 1 }, { iterations: 1, run: (n) => n });
    expect(seen).toEqual([100]);
  });
});

describe('bench harness, baselines with their own size', () => {
  it('times a baseline of `baselineIterations` and counts its rate from them', () => {
    const seen: number[] = [];
    const b: Benchmark = {
      name: 'own-size',
      description: 'a reference loop calibrated on its own',
      baselineName: 'reference',
      opsPerIteration: 1,
      unit: 'ops/s',
      iterations: 10,
      baselineIterations: 5000,
      repeats: 1,
      warmUp: false,
      run: (n) => n,
      baseline: (n) => (seen.push(n), n),
    };
    runBenchmark(b, { repeats: 1, targetMs: 1 }, { iterations: 1, run: (n) => n });
    expect(seen).toEqual([5000]);
  });
});
