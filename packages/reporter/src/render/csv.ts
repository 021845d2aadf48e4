import { stringify } from 'csv-stringify/sync';
import { buildComparison } from '../comparison/comparison.js';
import { allMetrics } from '../comparison/metrics.js';
import type { ResultDocument } from '../result/result-document.js';

export interface CsvOptions {
  readonly baseline?: string;
}

/**
 * The CSV header; the layout is "long": one row per scenario × policy × metric. A sweep's
 * document has a column per grid axis after `scenario` (one row per scenario × grid point ×
 * policy × metric).
 */
export const CSV_COLUMNS = [
  'scenario',
  'policy',
  'metric',
  'unit',
  'seeds',
  'mean',
  'min',
  'max',
  'baseline',
  'ratio_to_baseline',
] as const;

/**
 * The comparison as CSV for spreadsheets, R and pandas. Every stat the runs report is a metric
 * (plus `violations`); numbers are raw (no separators or rounding); `ratio_to_baseline` is
 * empty where there is no ratio. Per-seed values are in the JSON document.
 */
export function renderCsv(doc: ResultDocument, options: CsvOptions = {}): string {
  const comparison = buildComparison(doc, {
    baseline: options.baseline,
    metrics: allMetrics(doc.runs),
  });
  // A sweep's grid axes become columns after `scenario`, so a spreadsheet can pivot on them.
  const axes = (doc.parameters.grid ?? []).map((axis) => axis.parameter);
  const records: (string | number | boolean)[][] = [];
  for (const group of comparison.groups) {
    for (const row of group.rows) {
      comparison.metrics.forEach((metric, i) => {
        const cell = row.cells[i];
        if (!cell) return;
        const { mean, min, max, n } = cell.summary;
        records.push([
          group.scenario,
          ...axes.map((axis) => group.point?.[axis] ?? ''),
          row.policy,
          metric.key,
          metric.unit,
          n,
          mean,
          min,
          max,
          comparison.baseline ?? '',
          cell.ratio ?? '',
        ]);
      });
    }
  }
  // csv-stringify quotes names that hold commas, quotes or newlines (plugin policies may), and
  // escape_formulas stops a name like "=HYPERLINK(…)" from running in a spreadsheet.
  return stringify(records, {
    header: true,
    columns: [CSV_COLUMNS[0], ...axes, ...CSV_COLUMNS.slice(1)],
    escape_formulas: true,
    record_delimiter: 'unix',
  });
}
