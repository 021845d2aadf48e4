import type { RunResult } from '../result/result-document.js';

/** A column of the comparison table: a header with its unit, and how to read it off a run. */
export interface Column {
  readonly header: string;
  readonly value: (run: RunResult) => number;
}

const stat =
  (name: string) =>
  (run: RunResult): number =>
    run.stats[name] ?? 0;

/** The default comparison columns (issue: flushes, IPIs, TLB misses, violations). */
export const DEFAULT_COLUMNS: readonly Column[] = [
  { header: 'remote flush requests', value: stat('remote_tlb_flush_requests') },
  { header: 'IPIs', value: stat('ipis') },
  { header: 'TLB misses', value: stat('tlb_misses') },
  { header: 'violations', value: (run) => run.violations.length },
];
