import type { Benchmark } from './harness.js';
import { explorerBenchmarks } from './benchmarks/explorer.js';
import { guestAccessBenchmarks } from './benchmarks/guest-access.js';
import { spteEncodingBenchmarks } from './benchmarks/spte-encoding.js';
import { tlbAccessBenchmarks } from './benchmarks/tlb-access.js';
import { wholeRunBenchmarks } from './benchmarks/whole-run.js';

/** Every benchmark, in report order. Adding one: a file in benchmarks/ and one line here. */
export const BENCHMARKS: readonly Benchmark[] = [
  ...guestAccessBenchmarks,
  ...spteEncodingBenchmarks,
  ...tlbAccessBenchmarks,
  ...wholeRunBenchmarks,
  ...explorerBenchmarks,
];
