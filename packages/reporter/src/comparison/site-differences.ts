import type { Comparison } from './comparison.js';

/** How many sites a difference lists per policy. */
const TOP_SITES = 3;

/** One policy's flush requests by requesting kernel function, against the baseline's. */
export interface SiteDifference {
  readonly title: string;
  readonly policy: string;
  /** The sites whose mean flush requests per run differ most from the baseline's, largest first. */
  readonly sites: readonly { readonly site: string; readonly delta: number }[];
}

/**
 * "Where the policies differ" (issue 16): per scenario group and policy, the kernel functions
 * (`flushesBySite`) whose mean flush requests per run differ most from the baseline's. Runs
 * without per-site counts (schemaVersion 1 documents) give nothing.
 */
export function siteDifferences(comparison: Comparison): SiteDifference[] {
  const out: SiteDifference[] = [];
  for (const group of comparison.groups) {
    const base = group.rows.find((r) => r.isBaseline);
    if (!base) continue;
    const baseMeans = meanBySite(base.runs);
    if (!baseMeans) continue;
    for (const row of group.rows) {
      if (row.isBaseline) continue;
      const means = meanBySite(row.runs);
      if (!means) continue;
      const sites = [...new Set([...means.keys(), ...baseMeans.keys()])]
        .map((site) => ({ site, delta: (means.get(site) ?? 0) - (baseMeans.get(site) ?? 0) }))
        .filter((d) => d.delta !== 0)
        .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || (a.site < b.site ? -1 : 1))
        .slice(0, TOP_SITES);
      if (sites.length > 0) out.push({ title: group.title, policy: row.policy, sites });
    }
  }
  return out;
}

function meanBySite(
  runs: readonly { readonly flushesBySite?: Readonly<Record<string, number>> }[],
): Map<string, number> | undefined {
  if (runs.length === 0 || runs.some((r) => r.flushesBySite === undefined)) return undefined;
  const sums = new Map<string, number>();
  for (const run of runs)
    for (const [site, n] of Object.entries(run.flushesBySite!))
      sums.set(site, (sums.get(site) ?? 0) + n);
  for (const [site, n] of sums) sums.set(site, n / runs.length);
  return sums;
}

/** The section as text lines (terminal table and Markdown), empty when nothing differs. */
export function siteDifferenceLines(comparison: Comparison, code = (s: string) => s): string[] {
  const diffs = siteDifferences(comparison);
  if (diffs.length === 0 || comparison.baseline === undefined) return [];
  return [
    `Where the policies differ: flush requests per run by the kernel function that requested them, against ${comparison.baseline}:`,
    ...diffs.map(
      (d) =>
        `- ${d.title}, ${d.policy}: ${d.sites.map((s) => `${code(s.site)} ${s.delta > 0 ? '+' : '−'}${formatDelta(Math.abs(s.delta))}`).join(', ')}`,
    ),
  ];
}

function formatDelta(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
