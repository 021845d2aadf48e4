/** Mean and spread of one metric over the seeds of one policy × scenario. */
export interface Summary {
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  /** How many runs (seeds) the numbers are over. */
  readonly n: number;
}

/**
 * The spread the reports show: the smallest and largest value over the seeds. Chosen over a
 * confidence interval because comparisons typically use 1–10 seeds, too few for a normal
 * approximation, and min–max claims nothing about the distribution it cannot back.
 */
export const SPREAD = 'min–max over seeds';

export function summarize(values: readonly number[]): Summary | undefined {
  if (values.length === 0) return undefined;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { mean: sum / values.length, min, max, n: values.length };
}

/** value ÷ baseline; undefined when the baseline is 0 (no meaningful ratio, shown as n/a). */
export function ratio(value: number, baseline: number | undefined): number | undefined {
  if (baseline === undefined || baseline === 0) return undefined;
  return value / baseline;
}
