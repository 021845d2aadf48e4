import { buildComparison, type ComparisonCell } from '../comparison/comparison.js';
import { type Metric, VIOLATIONS_KEY } from '../comparison/metrics.js';
import type { ResultDocument, TraceStep } from '../result/result-document.js';
import { describeFirst, type Finding, findingLines, findings } from './findings.js';
import { siteDifferenceLines } from '../comparison/site-differences.js';
import { formatNumber, formatRatio, formatSpread } from './format.js';
import { headline, legend } from './legend.js';

export interface MarkdownOptions {
  readonly baseline?: string;
  /** Trace steps shown for the first violation (the last ones, which end at the violation). */
  readonly traceSteps?: number;
}

/**
 * The comparison as GitHub-flavoured Markdown that also reads as plain text, for a GitHub
 * comment or a kernel mailing-list reply: cells are padded so the pipes line up, and there is
 * no HTML. The first violation's trace follows as a fenced block.
 */
export function renderMarkdown(doc: ResultDocument, options: MarkdownOptions = {}): string {
  const comparison = buildComparison(doc, { baseline: options.baseline });
  const multiSeed = comparison.seeds.length > 1;
  const withRatio = comparison.baseline !== undefined;
  const header = ['scenario', 'policy', ...comparison.metrics.map((m) => m.header)];
  const rows: string[][] = [];
  for (const group of comparison.groups) {
    for (const row of group.rows) {
      const policy = `${row.violatingRuns.length > 0 ? '✗ ' : ''}${row.policy}${row.isBaseline ? ' (baseline)' : ''}`;
      rows.push([
        escapeCell(group.title),
        escapeCell(policy),
        ...comparison.metrics.map((m, i) => cellText(m, row.cells[i], multiSeed, withRatio)),
      ]);
    }
  }
  const found = findings(comparison);
  const cellsSay = `Cells: mean${multiSeed ? ' (min–max)' : ''}${withRatio ? ' · ratio to the baseline' : ''}.`;
  const out = [
    `**spte-lab comparison** — ${headline(doc)}`,
    '',
    `Reproduce: ${inlineCode(doc.command)}`,
    '',
    ...alignedTable(header, rows),
    '',
    cellsSay,
    ...legend(comparison, 'in parentheses'),
    '',
    ...findingLines(found),
    ...sitesSection(siteDifferenceLines(comparison, inlineCode)),
    ...firstTrace(found[0], options.traceSteps ?? 30),
  ];
  return `${out.join('\n')}\n`;
}

function sitesSection(lines: string[]): string[] {
  return lines.length > 0 ? ['', ...lines] : [];
}

function cellText(
  metric: Metric,
  cell: ComparisonCell | undefined,
  multiSeed: boolean,
  withRatio: boolean,
): string {
  if (!cell) return '—';
  let text = formatNumber(cell.summary.mean);
  if (multiSeed && cell.summary.min !== cell.summary.max) text += ` (${formatSpread(cell)})`;
  if (withRatio && metric.key !== VIOLATIONS_KEY) text += ` · ${formatRatio(cell.ratio)}`;
  return text;
}

/** Pads every column to its widest cell; numbers (all but the two name columns) align right. */
function alignedTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, c) => Math.max(3, h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (c < 2 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)];
}

function firstTrace(finding: Finding | undefined, limit: number): string[] {
  if (!finding) return [];
  const trace = finding.first.violation.trace;
  const shown = trace.slice(-limit);
  const omitted = trace.length - shown.length;
  const lines = [
    '',
    `Trace of the first violation (${finding.policy} on ${finding.title}, ${describeFirst(finding)}):`,
    '',
  ];
  const body = traceLines(shown);
  if (omitted > 0) body.unshift(`… ${omitted} earlier steps (all of them: --format json or html)`);
  const fence = codeFence(body.join('\n'));
  return [...lines, fence, ...body, fence];
}

/** The trace as aligned plain-text columns. */
export function traceLines(trace: readonly TraceStep[]): string[] {
  const rows = [
    ['step', 'actor', 'operation', 'detail'],
    ...trace.map((s) => [String(s.step), s.actor, s.operation, s.detail]),
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) =>
    [r[0]!.padStart(widths[0]!), r[1]!.padEnd(widths[1]!), r[2]!.padEnd(widths[2]!), r[3]!]
      .join('  ')
      .trimEnd(),
  );
}

/** Escapes what would break a table cell or turn into formatting. */
function escapeCell(text: string): string {
  return text.replace(/[\\|`*_<>[\]]/g, (c) => `\\${c}`).replace(/\n/g, ' ');
}

/** A code span that survives backticks inside the text. */
function inlineCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  return longest > 0 ? `${ticks} ${text} ${ticks}` : `${ticks}${text}${ticks}`;
}

function codeFence(body: string): string {
  const longest = Math.max(0, ...(body.match(/`{3,}/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}
