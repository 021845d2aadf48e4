import type { Benchmark } from './harness.js';

/**
 * Every benchmark group, in report order: the names of its rows, and how to build them. Nothing
 * is imported or built until a group is wanted (`--filter`), so no benchmark runs at import.
 * Adding one: a file in benchmarks/ exporting a factory, and one entry here.
 */
export interface BenchmarkGroup {
  readonly names: readonly string[];
  load(options: { targetMs: number }): Promise<Benchmark[]>;
}

export const GROUPS: readonly BenchmarkGroup[] = [
  {
    names: ['baseline/bare-hash-probe'],
    load: async () => (await import('./benchmarks/reference.js')).referenceBenchmarks(),
  },
  {
    names: ['guest-access/in-run'],
    load: async ({ targetMs }) =>
      (await import('./benchmarks/guest-access.js')).guestAccessBenchmarks(targetMs),
  },
  {
    names: ['tlb-model/realistic', 'tlb-model/adversarial'],
    load: async () => (await import('./benchmarks/tlb-access.js')).tlbAccessBenchmarks(),
  },
  {
    names: ['spte-encoding/word-face', 'spte-encoding/bigint-face'],
    load: async () => (await import('./benchmarks/spte-encoding.js')).spteEncodingBenchmarks(),
  },
  {
    names: ['run/migration-clear-log'],
    load: async () => (await import('./benchmarks/whole-run.js')).wholeRunBenchmarks(),
  },
  {
    names: ['explorer/default-check'],
    load: async () => (await import('./benchmarks/explorer.js')).explorerBenchmarks(),
  },
  {
    names: ['sweep'],
    load: async () => (await import('./benchmarks/sweep.js')).sweepBenchmarks(),
  },
];
