import type { ComparisonCell } from '../comparison/comparison.js';

/**
 * Number formats shared by the human-readable renderers (table, Markdown, HTML). The locale is
 * pinned to en-US so a report reads the same on every machine; CSV and JSON keep raw numbers.
 */
export function formatNumber(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

/** "0.47×"; "n/a" when there is no baseline or its value is 0. */
export function formatRatio(value: number | undefined): string {
  if (value === undefined) return 'n/a';
  if (value >= 100) return `${Math.round(value).toLocaleString('en-US')}×`;
  return `${value.toFixed(2)}×`;
}

export function formatSpread(cell: ComparisonCell): string {
  const { min, max } = cell.summary;
  return min === max ? formatNumber(min) : `${formatNumber(min)}–${formatNumber(max)}`;
}

/** "1..3, 7": the seeds, with consecutive runs written as ranges (the `--seeds` syntax). */
export function formatSeedList(seeds: readonly number[]): string {
  const sorted = [...new Set(seeds)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${sorted[i]}..${sorted[j]}` : sorted.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return parts.join(', ');
}

/** "seed 1" or "5 seeds (1..5)". */
export function describeSeeds(seeds: readonly number[]): string {
  return seeds.length === 1
    ? `seed ${seeds[0]}`
    : `${seeds.length} seeds (${formatSeedList(seeds)})`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
}
