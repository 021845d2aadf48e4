import { parse } from 'csv-parse/sync';
import { Marked } from 'marked';
import { describe, expect, it } from 'vitest';
import {
  allMetrics,
  buildComparison,
  CSV_COLUMNS,
  readEmbeddedResult,
  readResultDocument,
  renderCsv,
  renderHtml,
  renderJson,
  renderMarkdown,
  renderTable,
} from '../src/index.js';
import { makeDocument, POLICIES, SCENARIOS } from './fixture.js';

const doc = makeDocument([1, 2, 3]);

describe('every format round-trips', () => {
  it('json: parses back to an equal document', () => {
    expect(readResultDocument(renderJson(doc), 'rendered')).toEqual(doc);
    expect(JSON.parse(renderJson(doc))).toEqual(doc);
  });

  it('json: refuses to write an invalid document', () => {
    expect(() => renderJson({ ...doc, seeds: [] })).toThrow(/seeds/);
  });

  it('csv: one row per scenario × policy × metric, numbers equal to the comparison', () => {
    const records: Record<string, string>[] = parse(renderCsv(doc), { columns: true });
    const metrics = allMetrics(doc.runs);
    expect(Object.keys(records[0]!)).toEqual([...CSV_COLUMNS]);
    expect(records).toHaveLength(SCENARIOS.length * POLICIES.length * metrics.length);
    const comparison = buildComparison(doc, { metrics });
    for (const group of comparison.groups) {
      for (const row of group.rows) {
        metrics.forEach((metric, i) => {
          const rec = records.find(
            (r) =>
              r.scenario === group.scenario && r.policy === row.policy && r.metric === metric.key,
          )!;
          const cell = row.cells[i]!;
          expect(Number(rec.mean)).toBe(cell.summary.mean);
          expect(Number(rec.min)).toBe(cell.summary.min);
          expect(Number(rec.max)).toBe(cell.summary.max);
          expect(Number(rec.seeds)).toBe(3);
          expect(rec.ratio_to_baseline).toBe(cell.ratio === undefined ? '' : String(cell.ratio));
          expect(rec.unit).toBe(metric.key === 'cycles' ? 'cycles (modelled)' : 'count');
        });
      }
    }
  });

  it('csv: quotes awkward names and defuses spreadsheet formulas', () => {
    const odd = JSON.parse(JSON.stringify(makeDocument([1])));
    const rename = (from: string, to: string) => {
      odd.parameters.policies = odd.parameters.policies.map((p: string) => (p === from ? to : p));
      for (const run of odd.runs) if (run.policy === from) run.policy = to;
    };
    rename('never', 'never, "really"');
    rename('kvm-v6.12', '=HYPERLINK("http://x")');
    const records: string[][] = parse(renderCsv(odd));
    const policies = new Set(records.slice(1).map((r) => r[1]));
    expect(policies).toContain('never, "really"');
    expect(policies).toContain(`'=HYPERLINK("http://x")`);
  });

  it('markdown: renders as one table with a row per scenario × policy', () => {
    const md = renderMarkdown(doc);
    const html = new Marked().parse(md) as string;
    expect(html.match(/<table>/g)).toHaveLength(1);
    const rows = html.split('<tbody>')[1]!.match(/<tr>/g) ?? [];
    expect(rows).toHaveLength(SCENARIOS.length * POLICIES.length);
    expect(html).toContain('<th align="right">cycles (modelled)</th>');
    expect(html).toMatch(/<td align="left">kvm-v6\.13 \(baseline\)<\/td>/);
    // The first violation's trace follows as a code block, ending at the oracle's step.
    expect(html).toMatch(/<pre><code>step +actor +operation +detail\n/);
  });

  it('markdown: the pipes line up, so it also reads as plain text in a mail', () => {
    const lines = renderMarkdown(doc)
      .split('\n')
      .filter((l) => l.startsWith('|'));
    const pipes = (l: string) => [...l].flatMap((c, i) => (c === '|' ? [i] : []));
    for (const line of lines) expect(pipes(line)).toEqual(pipes(lines[0]!));
  });

  it('html: carries the document, which reads back equal', () => {
    expect(readEmbeddedResult(renderHtml(doc), 'report.html')).toEqual(doc);
  });

  it('table: every policy of every scenario, with the units in the header', () => {
    const text = renderTable(doc, { color: false });
    for (const unit of ['(count)', '(modelled)']) expect(text).toContain(unit);
    for (const p of POLICIES)
      expect(text.split('\n').filter((l) => l.includes(` ${p}`)).length).toBeGreaterThanOrEqual(2);
  });
});
