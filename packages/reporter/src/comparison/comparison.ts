import { describePoint, pointKey } from '../result/grid-point.js';
import type { GridPoint, ResultDocument, RunResult } from '../result/result-document.js';
import { COMPARISON_METRICS, type Metric, VIOLATIONS_KEY } from './metrics.js';
import { ratio, SPREAD, type Summary, summarize } from './summary.js';

/** The policy ratios are taken against unless the user names another (the seed patch's rule). */
export const DEFAULT_BASELINE = 'kvm-v6.13';

export interface ComparisonCell {
  readonly summary: Summary;
  /**
   * mean ÷ the baseline's mean in the same scenario; undefined without a usable baseline (none,
   * or its mean is 0) and for the violation count.
   */
  readonly ratio: number | undefined;
}

export interface ComparisonRow {
  readonly policy: string;
  readonly isBaseline: boolean;
  /** The seeds this row's numbers are over. */
  readonly seeds: readonly number[];
  /** One per metric of the comparison, in order; undefined when no run reports the metric. */
  readonly cells: readonly (ComparisonCell | undefined)[];
  /** The runs that reported at least one violation. */
  readonly violatingRuns: readonly RunResult[];
  /** Every run of this policy in the group. */
  readonly runs: readonly RunResult[];
}

export interface ScenarioGroup {
  readonly scenario: string;
  /** A sweep's grid point: each point of a scenario is a group of its own. */
  readonly point?: GridPoint;
  /** What a view shows: the scenario, and its point (`migration-bitmap · gfns=8, events=400`). */
  readonly title: string;
  readonly rows: readonly ComparisonRow[];
}

/** The comparison view: per scenario, one row per policy, one cell per metric. */
export interface Comparison {
  readonly baseline: string | undefined;
  readonly seeds: readonly number[];
  readonly spread: typeof SPREAD;
  readonly metrics: readonly Metric[];
  readonly groups: readonly ScenarioGroup[];
}

/** A baseline the user named that is not among the compared policies. */
export class BaselineError extends Error {
  override readonly name = 'BaselineError';
}

/**
 * The baseline to use: the one requested (which must be compared), else the document's, else
 * DEFAULT_BASELINE when it was compared, else none (no ratios).
 */
export function resolveBaseline(doc: ResultDocument, requested?: string): string | undefined {
  const policies = doc.parameters.policies;
  if (requested !== undefined) {
    if (!policies.includes(requested)) {
      throw new BaselineError(
        `baseline '${requested}' is not one of the compared policies (${policies.join(', ')})`,
      );
    }
    return requested;
  }
  if (doc.parameters.baseline !== undefined && policies.includes(doc.parameters.baseline)) {
    return doc.parameters.baseline;
  }
  return policies.includes(DEFAULT_BASELINE) ? DEFAULT_BASELINE : undefined;
}

export interface ComparisonOptions {
  readonly baseline?: string;
  readonly metrics?: readonly Metric[];
}

/**
 * Groups the runs by scenario (and, in a sweep, grid point, in the order the runs first use
 * it), then policy, in the order the document lists them.
 */
export function buildComparison(doc: ResultDocument, options: ComparisonOptions = {}): Comparison {
  const baseline = resolveBaseline(doc, options.baseline);
  const metrics = options.metrics ?? COMPARISON_METRICS;
  const groups: ScenarioGroup[] = [];
  for (const { scenario, point, inScenario } of scenarioGroups(doc)) {
    const summaries = new Map<string, (Summary | undefined)[]>();
    for (const policy of orderedNames(doc.parameters.policies, inScenario, (r) => r.policy)) {
      const runs = inScenario.filter((r) => r.policy === policy);
      if (runs.length > 0)
        summaries.set(
          policy,
          metrics.map((m) => summarizeMetric(m, runs)),
        );
    }
    const base = baseline === undefined ? undefined : summaries.get(baseline);
    const rows: ComparisonRow[] = [];
    for (const [policy, perMetric] of summaries) {
      const runs = inScenario.filter((r) => r.policy === policy);
      rows.push({
        policy,
        isBaseline: policy === baseline,
        seeds: runs.map((r) => r.seed),
        cells: perMetric.map((summary, i) =>
          summary === undefined
            ? undefined
            : // A ratio of violation counts means nothing: any violation is the verdict.
              {
                summary,
                ratio:
                  metrics[i]!.key === VIOLATIONS_KEY
                    ? undefined
                    : ratio(summary.mean, base?.[i]?.mean),
              },
        ),
        violatingRuns: runs.filter((r) => r.violations.length > 0),
        runs,
      });
    }
    const title = point ? `${scenario} · ${describePoint(point)}` : scenario;
    if (rows.length > 0) groups.push({ scenario, ...(point ? { point } : {}), title, rows });
  }
  return { baseline, seeds: doc.seeds, spread: SPREAD, metrics, groups };
}

/** The runs of each scenario × grid point (one group per scenario without a grid). */
function scenarioGroups(
  doc: ResultDocument,
): { scenario: string; point?: GridPoint; inScenario: RunResult[] }[] {
  const out: { scenario: string; point?: GridPoint; inScenario: RunResult[] }[] = [];
  for (const scenario of orderedNames(doc.parameters.scenarios, doc.runs, (r) => r.scenario)) {
    const byPoint = new Map<string, { point?: GridPoint; inScenario: RunResult[] }>();
    for (const run of doc.runs) {
      if (run.scenario !== scenario) continue;
      const key = pointKey(run.point);
      const group = byPoint.get(key) ?? {
        ...(run.point ? { point: run.point } : {}),
        inScenario: [],
      };
      group.inScenario.push(run);
      byPoint.set(key, group);
    }
    if (byPoint.size === 0) out.push({ scenario, inScenario: [] });
    for (const group of byPoint.values()) out.push({ scenario, ...group });
  }
  return out;
}

function summarizeMetric(metric: Metric, runs: readonly RunResult[]): Summary | undefined {
  const values: number[] = [];
  for (const run of runs) {
    const v = metric.value(run);
    if (v !== undefined) values.push(v);
  }
  return summarize(values);
}

/** The listed names first, in their order, then any other name the runs use. */
function orderedNames(
  listed: readonly string[],
  runs: readonly RunResult[],
  nameOf: (r: RunResult) => string,
): string[] {
  const out = [...listed];
  for (const run of runs) if (!out.includes(nameOf(run))) out.push(nameOf(run));
  return out;
}
