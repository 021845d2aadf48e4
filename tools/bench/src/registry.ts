import type { Benchmark } from './harness.js';
import { explorerBenchmarks } from './benchmarks/explorer.js';
import { spteEncodingBenchmarks } from './benchmarks/spte-encoding.js';
import { tlbAccessBenchmarks } from './benchmarks/tlb-access.js';

/** Every benchmark, in report order. Adding one: a file in benchmarks/ and one line here. */
export const BENCHMARKS: readonly Benchmark[] = [
  ...spteEncodingBenchmarks,
  ...tlbAccessBenchmarks,
  ...explorerBenchmarks,
];
