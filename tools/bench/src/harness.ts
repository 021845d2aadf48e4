import { availableParallelism, cpus } from 'node:os';

/**
 * One benchmark: `run(n)` does n iterations of the measured work, `baseline(n)` the bare loop it
 * is compared with. Both return a checksum so the work cannot be optimised away.
 */
export interface Benchmark {
  readonly name: string;
  readonly description: string;
  /** What `baseline` is, in a few words (the report's `baselineName`). */
  readonly baselineName: string;
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
  /**
   * Iterations of one baseline repeat when the baseline has its own calibration (the shared
   * reference loop: a repeat of the work's size would be too short to time).
   */
  readonly baselineIterations?: number;
  /** Whether an untimed (baseline, work) pair runs first; default true (false: the sweep). */
  readonly warmUp?: boolean;
  /** Overrides of the harness options, for benchmarks whose one repeat takes seconds. */
  readonly targetMs?: number;
  readonly repeats?: number;
  /**
   * Wall-clock time instead of this process's CPU time: for work on other threads (the sweep's
   * workers), where CPU time would add the threads up instead of showing what they save.
   */
  readonly wallClock?: boolean;
}

/** min / median / max of one series of rates. */
export interface Spread {
  min: number;
  median: number;
  max: number;
}

export interface BenchResult {
  name: string;
  unit: string;
  /** Rate of the measured work, in `unit`: median, and the spread over the repeats. */
  median: number;
  min: number;
  max: number;
  /** What the row's own baseline is. */
  baselineName: string;
  /** Median rate of the baseline over the same iterations, interleaved with the work. */
  baseline: number;
  baselineMin: number;
  baselineMax: number;
  /** median / baseline: the share of the baseline's speed the work keeps. */
  ratio: number;
  /**
   * Median rate of `baseline/bare-hash-probe` (lookups/s), interleaved with this row's repeats;
   * null for memory rows, which measure a size, not a speed.
   */
  bareProbe: number | null;
  /** median / bareProbe: the row's rate over the shared reference loop's (issue 20). */
  ratioToBareProbe: number | null;
  /** Timing: this process's CPU time (user + system), or wall clock for multi-thread rows. */
  clock: 'cpu' | 'wall' | null;
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
  /** Target CPU time of one measured repeat. */
  targetMs: number;
}

/** The shared reference loop, interleaved with every benchmark's repeats. */
export interface ReferenceLoop {
  run(iterations: number): number;
  /** Iterations of one measured repeat of the reference (already calibrated). */
  readonly iterations: number;
}

/** Checksums land here, where the optimiser must keep them. */
let sink = 0;

/** Milliseconds of this process's CPU time (user + system) that `fn(iterations)` takes. */
export function cpuMs(fn: (n: number) => number, iterations: number): number {
  const start = process.cpuUsage();
  sink ^= fn(iterations);
  const used = process.cpuUsage(start);
  // cpuUsage counts microseconds; a repeat too short to register still gets a finite rate.
  return Math.max(used.user + used.system, 1) / 1000;
}

function wallMs(fn: (n: number) => number, iterations: number): number {
  const start = process.hrtime.bigint();
  sink ^= fn(iterations);
  return Math.max(Number(process.hrtime.bigint() - start), 1) / 1e6;
}

/** Grows the iteration count until one run takes about `targetMs` (this also warms the JIT up). */
export function calibrate(run: (n: number) => number, targetMs: number): number {
  let iterations = 1024;
  for (;;) {
    const ms = cpuMs(run, iterations);
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

export function spread(values: readonly number[]): Spread {
  return { min: Math.min(...values), median: median(values), max: Math.max(...values) };
}

/**
 * Runs `repeats` interleaved triples — the row's baseline, the work, the shared reference loop —
 * so that a machine that slows down slows all three, and reports min/median/max of each rate.
 */
export function runBenchmark(
  b: Benchmark,
  options: HarnessOptions,
  reference: ReferenceLoop,
): BenchResult {
  const iterations = b.iterations ?? calibrate((n) => b.run(n), b.targetMs ?? options.targetMs);
  const ops = b.opsFor ? b.opsFor(iterations) : iterations * b.opsPerIteration;
  const baseIterations = b.baselineIterations ?? iterations;
  const baseOps = b.baselineIterations === undefined ? ops : baseIterations * b.opsPerIteration;
  const time = b.wallClock ? wallMs : cpuMs;
  // Calibration warmed the work up; the baseline (and a fixed-size work) not yet.
  if (b.warmUp ?? true) {
    sink ^= b.baseline(baseIterations);
    if (b.iterations !== undefined) sink ^= b.run(iterations);
  }
  const work: number[] = [];
  const bare: number[] = [];
  const probe: number[] = [];
  const repeats = b.repeats ?? options.repeats;
  for (let i = 0; i < repeats; i++) {
    bare.push(baseOps / (time((n) => b.baseline(n), baseIterations) / 1000));
    work.push(ops / (time((n) => b.run(n), iterations) / 1000));
    probe.push(
      reference.iterations / (cpuMs((n) => reference.run(n), reference.iterations) / 1000),
    );
  }
  const w = spread(work);
  const base = spread(bare);
  const bareProbe = median(probe);
  return {
    name: b.name,
    unit: b.unit,
    median: w.median,
    min: w.min,
    max: w.max,
    baselineName: b.baselineName,
    baseline: base.median,
    baselineMin: base.min,
    baselineMax: base.max,
    ratio: w.median / base.median,
    bareProbe,
    ratioToBareProbe: w.median / bareProbe,
    clock: b.wallClock ? 'wall' : 'cpu',
  };
}

/** XOR of every checksum so far; printed with the progress so the work stays observable. */
export function checksum(): number {
  return sink;
}
