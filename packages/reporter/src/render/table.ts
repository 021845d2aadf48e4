import Table from 'cli-table3';
import pc from 'picocolors';
import {
  buildComparison,
  type ComparisonCell,
  type ComparisonRow,
} from '../comparison/comparison.js';
import type { Metric } from '../comparison/metrics.js';
import { VIOLATIONS_KEY } from '../comparison/metrics.js';
import type { ResultDocument } from '../result/result-document.js';
import { findingLines, findings } from './findings.js';
import { siteDifferenceLines } from '../comparison/site-differences.js';
import { formatNumber, formatRatio, formatSpread } from './format.js';
import { headline, legend } from './legend.js';

export interface TableOptions {
  /** Use ANSI colours (a TTY, no NO_COLOR in the environment, no --no-color). */
  readonly color: boolean;
  /** The policy ratios are taken against (default: the document's, else kvm-v6.13). */
  readonly baseline?: string;
  readonly metrics?: readonly Metric[];
}

type Colors = ReturnType<typeof pc.createColors>;

/**
 * The terminal comparison view: one table, a title row per scenario, a row per policy, a
 * column per metric with its unit. A cell holds the mean and its ratio to the baseline, and
 * with several seeds the min–max on a second line. Violations are red on a colour terminal.
 */
export function renderTable(doc: ResultDocument, options: TableOptions): string {
  const comparison = buildComparison(doc, { baseline: options.baseline, metrics: options.metrics });
  const colors = pc.createColors(options.color);
  const multiSeed = comparison.seeds.length > 1;
  const blank = (): string[] => new Array<string>(comparison.metrics.length).fill('');
  const table = new Table({
    head: ['scenario\n  policy', ...comparison.metrics.map((m) => wrapHeader(m.header))],
    colAligns: ['left', ...comparison.metrics.map(() => 'right' as const)],
    style: { head: options.color ? ['bold'] : [], border: options.color ? ['grey'] : [] },
    // No rule between rows (half the height); a scenario's title row starts its group.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  comparison.groups.forEach((group, g) => {
    if (g > 0) table.push(['', ...blank()]);
    table.push([colors.bold(colors.cyan(group.title)), ...blank()]);
    for (const row of group.rows) {
      table.push([
        `  ${policyCell(row, colors)}`,
        ...comparison.metrics.map((m, i) =>
          metricCell(m, row.cells[i], row, multiSeed, comparison.baseline !== undefined, colors),
        ),
      ]);
    }
  });
  const notes = [
    headline(doc),
    ...legend(comparison, 'under it'),
    '',
    ...findingLines(findings(comparison)).map((l) => (l.startsWith('- ') ? colors.red(l) : l)),
    ...spaced(siteDifferenceLines(comparison)),
  ];
  return `${table.toString()}\n${notes.join('\n')}\n`;
}

/** "remote flush requests (count)" → two lines, so the columns stay narrow. */
/** A section after a blank line, or nothing. */
function spaced(lines: string[]): string[] {
  return lines.length > 0 ? ['', ...lines] : [];
}

function wrapHeader(header: string): string {
  const at = header.lastIndexOf(' (');
  return at > 0 ? `${header.slice(0, at)}\n${header.slice(at + 1)}` : header;
}

function policyCell(row: ComparisonRow, colors: Colors): string {
  const name = row.isBaseline ? `${row.policy} (baseline)` : row.policy;
  if (row.violatingRuns.length > 0) return colors.red(colors.bold(`✗ ${name}`));
  return row.isBaseline ? colors.bold(name) : name;
}

function metricCell(
  metric: Metric,
  cell: ComparisonCell | undefined,
  row: ComparisonRow,
  multiSeed: boolean,
  withRatio: boolean,
  colors: Colors,
): string {
  if (!cell) return colors.dim('—');
  const isViolations = metric.key === VIOLATIONS_KEY;
  // A ratio of violation counts means nothing; the count itself is the verdict.
  const ratio =
    withRatio && !isViolations ? `  ${colors.dim(formatRatio(cell.ratio).padStart(6))}` : '';
  let text = `${formatNumber(cell.summary.mean)}${ratio}`;
  // The range goes on a second line, under the mean; omitted when every seed agrees.
  const { min, max } = cell.summary;
  if (multiSeed && min !== max)
    text += `\n${colors.dim(formatSpread(cell))}${withRatio && !isViolations ? ' '.repeat(8) : ''}`;
  return isViolations && row.violatingRuns.length > 0
    ? perLine(text, (l) => colors.red(colors.bold(l)))
    : text;
}

/** Colours each line on its own, so a multi-line cell never bleeds colour into the border. */
function perLine(text: string, paint: (line: string) => string): string {
  return text.split('\n').map(paint).join('\n');
}
