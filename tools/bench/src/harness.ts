import { availableParallelism, cpus } from 'node:os';
import { performance } from 'node:perf_hooks';

/**
 * One benchmark: `run(n)` does n iterations of the measured work, `baseline(n)` a bare loop
 * with the same memory reads. Both return a checksum so the work cannot be optimised away.
 */
export interface Benchmark {
  readonly name: string;
  readonly description: string;
  /** Operations (e.g. calls) per iteration; rates are reported in operations per second. */
  readonly opsPerIteration: number;
  readonly unit: string;
  run(iterations: number): number;
  baseline(iterations: number): number;
  /**
   * Operations in `iterations` when that is not `iterations * opsPerIteration` (a whole run of
   * n main-phase events also has its set-up and harvest events).
   */
  opsFor?(iterations: number): number;
  /** A fixed size of one repeat instead of calibrating to `--target-ms` (whole runs). */
  readonly iterations?: number;
  /** Overrides of the harness options, for benchmarks whose one repeat takes seconds. */
  readonly targetMs?: number;
  readonly repeats?: number;
}

export interface BenchResult {
  name: string;
  /** Median rate of the measured work, in `unit`. */
  median: number;
  unit: string;
  /** Median rate of the bare loop over the same iterations, measured in the same run. */
  baseline: number;
  /** median / baseline: the share of bare-loop speed the work keeps. */
  ratio: number;
}

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
}

export function machine(): Machine {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    node: process.version,
  };
}

export interface HarnessOptions {
  repeats: number;
  /** Target wall time of one measured repeat. */
  targetMs: number;
}

/** Checksums land here, where the optimiser must keep them. */
let sink = 0;

function timeMs(fn: (n: number) => number, iterations: number): number {
  const start = performance.now();
  sink ^= fn(iterations);
  return performance.now() - start;
}

/** Grows the iteration count until one run takes about `targetMs` (this also warms the JIT up). */
function calibrate(b: Benchmark, targetMs: number): number {
  let iterations = 1024;
  for (;;) {
    const ms = timeMs((n) => b.run(n), iterations);
    if (ms >= targetMs / 4 || iterations >= 2 ** 30) {
      return Math.max(1, Math.round((iterations * targetMs) / Math.max(ms, 1e-3)));
    }
    iterations *= 4;
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Runs `repeats` interleaved pairs of (baseline, work) and reports the medians. */
export function runBenchmark(b: Benchmark, options: HarnessOptions): BenchResult {
  const iterations = b.iterations ?? calibrate(b, b.targetMs ?? options.targetMs);
  const ops = b.opsFor ? b.opsFor(iterations) : iterations * b.opsPerIteration;
  const work: number[] = [];
  const bare: number[] = [];
  const repeats = b.repeats ?? options.repeats;
  for (let i = 0; i < repeats; i++) {
    bare.push(ops / (timeMs((n) => b.baseline(n), iterations) / 1000));
    work.push(ops / (timeMs((n) => b.run(n), iterations) / 1000));
  }
  const med = median(work);
  const base = median(bare);
  return { name: b.name, median: med, unit: b.unit, baseline: base, ratio: med / base };
}

/** XOR of every checksum so far; printed with the progress so the work stays observable. */
export function checksum(): number {
  return sink;
}
