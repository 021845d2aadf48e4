import type { RunResult } from '../result/result-document.js';

/** A quantity read off each run: a KVM stat, an spte-lab counter, or the violation count. */
export interface Metric {
  /** The stat name (`remote_tlb_flush_requests`), or `violations`. */
  readonly key: string;
  /** Column header with its unit: "IPIs (count)", "cycles (modelled)". */
  readonly header: string;
  /** `count` for event counts, `cycles (modelled)` for cost-model output. */
  readonly unit: string;
  /** The run's value, or undefined when the run does not report it. */
  value(run: RunResult): number | undefined;
}

export const VIOLATIONS_KEY = 'violations';

/** Every stat is an event count except the modelled cycles (spec §7; tlb-model cost model). */
function unitOf(key: string): string {
  return key === 'cycles' ? 'cycles (modelled)' : 'count';
}

/** A metric for one stat of `run.stats`. */
export function statMetric(key: string, label = key): Metric {
  const unit = unitOf(key);
  return {
    key,
    unit,
    header: unit === 'count' ? `${label} (count)` : `${label} (modelled)`,
    value: (run) => run.stats[key],
  };
}

export const violationsMetric: Metric = {
  key: VIOLATIONS_KEY,
  header: 'violations (count)',
  unit: 'count',
  value: (run) => run.violations.length,
};

/**
 * The comparison view's columns (the issue: flushes, IPIs, TLB misses, modelled cycles, and
 * violations). Renderers that show everything (CSV) use `allMetrics` instead.
 */
export const COMPARISON_METRICS: readonly Metric[] = [
  statMetric('remote_tlb_flush_requests', 'remote flush requests'),
  statMetric('ipis', 'IPIs'),
  statMetric('tlb_misses', 'TLB misses'),
  statMetric('cycles', 'cycles'),
  violationsMetric,
];

/** The comparison metrics, then every other stat the runs report (first seen first). */
export function allMetrics(runs: readonly RunResult[]): Metric[] {
  const known = new Set(COMPARISON_METRICS.map((m) => m.key));
  const extra: Metric[] = [];
  for (const run of runs) {
    for (const key of Object.keys(run.stats)) {
      if (!known.has(key)) {
        known.add(key);
        extra.push(statMetric(key));
      }
    }
  }
  return [...COMPARISON_METRICS, ...extra];
}
