import type { Comparison } from '../comparison/comparison.js';
import type { ResultDocument } from '../result/result-document.js';
import { describeSeeds, formatSeedList, plural } from './format.js';

/** One line saying what was compared: "spte-lab 0.1.0 · 4 policies × 2 scenarios × seed 1 · …". */
export function headline(doc: ResultDocument): string {
  const p = doc.parameters;
  const points = p.grid
    ? ` × ${plural(
        p.grid.reduce((n, axis) => n * axis.values.length, 1),
        'grid point',
      )} (${p.grid.map((axis) => axis.parameter).join(' × ')})`
    : '';
  return [
    `${doc.tool.name} ${doc.tool.version}`,
    `${plural(p.policies.length, 'policy', 'policies')} × ${plural(p.scenarios.length, 'scenario')}${points} × ${describeSeeds(doc.seeds)}`,
    `TLB retention ${p.retention}`,
    // A slice of a grid must not read as the whole of it.
    ...(doc.shard
      ? [`shard ${doc.shard.index}/${doc.shard.count} (${plural(doc.runs.length, 'run')})`]
      : []),
    ...(doc.missingRuns?.length
      ? [`partial: ${plural(doc.missingRuns.length, 'run')} missing`]
      : []),
  ].join(' · ');
}

/**
 * How to read the numbers: ratios, spread, units. Plain sentences, shared by every view;
 * `rangeShown` says where the view puts the min–max ("under it", "in parentheses").
 */
export function legend(comparison: Comparison, rangeShown: string): string[] {
  const lines: string[] = [];
  lines.push(
    comparison.baseline === undefined
      ? 'No ratios: the default baseline kvm-v6.13 was not compared (choose one with --baseline).'
      : `Ratios (×) are a policy's mean divided by the mean of the baseline ${comparison.baseline} in the same scenario${comparison.groups.some((g) => g.point) ? ' and grid point' : ''}; n/a where the baseline's value is 0.`,
  );
  const short = rowsShortOfSeeds(comparison);
  if (comparison.seeds.length > 1) {
    lines.push(
      `Each value is the mean over ${short.length === 0 ? `${comparison.seeds.length} seeds` : `the seeds its row has (${comparison.seeds.length} declared; fewer where listed below)`}; the range ${rangeShown} is the ${comparison.spread} (not a confidence interval), left out where all seeds agree.`,
    );
  }
  // A partial merge (merge --allow-partial) must not pass off fewer runs as the declared count.
  if (short.length > 0) {
    const shown = short.slice(0, 8).join('; ');
    const more = short.length > 8 ? `; and ${short.length - 8} more` : '';
    lines.push(
      `Partial: ${plural(short.length, 'row')} ${short.length === 1 ? 'has' : 'have'} fewer than the ${plural(comparison.seeds.length, 'declared seed')}: ${shown}${more}.`,
    );
  }
  lines.push(
    'Counts are events summed over all vCPUs; cycles come from the cost model, not a measurement.',
  );
  return lines;
}

/** "kvm-v6.13 in boot has 2 (seeds 1, 3)" for each row holding fewer seeds than declared. */
export function rowsShortOfSeeds(comparison: Comparison): string[] {
  const declared = comparison.seeds.length;
  const out: string[] = [];
  for (const group of comparison.groups)
    for (const row of group.rows) {
      const have = new Set(row.seeds).size;
      if (have < declared)
        out.push(
          `${row.policy} in ${group.title} has ${have} (seed${have === 1 ? '' : 's'} ${formatSeedList([...new Set(row.seeds)])})`,
        );
    }
  return out;
}
