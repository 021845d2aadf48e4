import { describe, expect, it } from 'vitest';
import {
  buildComparison,
  readResultDocument,
  renderCsv,
  renderHtml,
  renderMarkdown,
  renderTable,
  type ResultDocument,
  type RunResult,
} from '../src/index.js';
import { makeDocument } from './fixture.js';

/** The fixture as a sweep over gfns=8,16: every run twice, the second with twice the misses. */
function sweepDocument(): ResultDocument {
  const base = makeDocument();
  const runs: RunResult[] = [];
  for (const gfns of [8, 16])
    for (const run of base.runs)
      runs.push({
        ...run,
        point: { gfns },
        stats: { ...run.stats, tlb_misses: run.stats.tlb_misses! * (gfns / 8) },
      });
  return {
    ...base,
    parameters: { ...base.parameters, grid: [{ parameter: 'gfns', values: [8, 16] }] },
    runs,
  };
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const text = (change: (doc: Json) => void): string => {
  const doc = JSON.parse(JSON.stringify(sweepDocument()));
  change(doc);
  return JSON.stringify(doc);
};

describe('sweep documents (grid points, shards)', () => {
  it('validate: a run per policy × scenario × point × seed, each point on the grid', () => {
    const doc = sweepDocument();
    expect(readResultDocument(JSON.stringify(doc), 'sweep.json')).toEqual(doc);
    expect(() =>
      readResultDocument(
        text((d) => (d.runs[0].point.gfns = 32)),
        'x',
      ),
    ).toThrow(
      "x: not a valid spte-lab result: runs[0].point: 32 is not a value of grid axis 'gfns'",
    );
    expect(() =>
      readResultDocument(
        text((d) => delete d.runs[1].point),
        'x',
      ),
    ).toThrow('runs[1].point: missing: parameters.grid is set, so every run has a point');
    expect(() =>
      readResultDocument(
        text((d) => delete d.parameters.grid),
        'x',
      ),
    ).toThrow('runs[0].point: a grid point, but parameters.grid is absent');
    expect(() =>
      readResultDocument(
        text((d) => (d.runs[12].point.gfns = 8)),
        'x',
      ),
    ).toThrow('runs[12]: a second run of the same policy, scenario, grid point and seed');
  });

  it('validate a shard: one ascending grid index per run, i ≤ n', () => {
    const shard = (s: Json) =>
      text((d) => {
        d.runs = d.runs.slice(0, 2);
        d.shard = s;
      });
    expect(readResultDocument(shard({ index: 1, count: 12, runs: [0, 12] }), 's').shard).toEqual({
      index: 1,
      count: 12,
      runs: [0, 12],
    });
    expect(() => readResultDocument(shard({ index: 3, count: 2, runs: [2, 4] }), 's')).toThrow(
      'shard.index: shard 3 of 2 does not exist',
    );
    expect(() => readResultDocument(shard({ index: 1, count: 2, runs: [0] }), 's')).toThrow(
      'shard.runs: 1 grid indices for 2 runs',
    );
    expect(() => readResultDocument(shard({ index: 1, count: 2, runs: [2, 0] }), 's')).toThrow(
      'shard.runs: grid indices must be ascending, each once',
    );
  });

  it('compares per scenario × grid point: its own means and ratios', () => {
    const comparison = buildComparison(sweepDocument());
    expect(comparison.groups.map((g) => g.title)).toEqual([
      'migration-bitmap · gfns=8',
      'migration-bitmap · gfns=16',
      'write-track-during-migration · gfns=8',
      'write-track-during-migration · gfns=16',
    ]);
    const misses = comparison.metrics.findIndex((m) => m.key === 'tlb_misses');
    const mean = (g: number) => comparison.groups[g]!.rows[0]!.cells[misses]!.summary.mean;
    expect(mean(1)).toBe(2 * mean(0)); // not averaged across points
    expect(comparison.groups[1]!.rows[1]!.cells[misses]!.ratio).toBe(
      comparison.groups[0]!.rows[1]!.cells[misses]!.ratio,
    );
  });

  it('renders: the point in the table, Markdown and HTML titles, a CSV column per axis', () => {
    const doc = sweepDocument();
    const table = renderTable(doc, { color: false });
    expect(table).toContain('│ migration-bitmap · gfns=16 ');
    expect(table).toContain('× 2 grid points (gfns) × 2 seeds');
    expect(table).toContain('- never on migration-bitmap · gfns=8: 2 violations in 1 of 2 seeds');
    expect(renderMarkdown(doc)).toMatch(
      /^\| write-track-during-migration · gfns=16 \| kvm-v6\.12/m,
    );
    const csv = renderCsv(doc).split('\n');
    expect(csv[0]).toBe(
      'scenario,gfns,policy,metric,unit,seeds,mean,min,max,baseline,ratio_to_baseline',
    );

    const html = renderHtml(doc);
    expect(html).toContain('<th colspan="6">migration-bitmap · gfns=16</th>');
    // Each point's violations are its own: never violates at both points of migration-bitmap.
    expect(html.match(/<h3>✗ never on migration-bitmap · gfns=\d+<\/h3>/g)).toHaveLength(2);
  });

  it('says so when a document is a shard or a partial merge', () => {
    const doc = sweepDocument();
    const shard = { ...doc, runs: doc.runs.slice(0, 1), shard: { index: 1, count: 24, runs: [0] } };
    expect(renderTable(shard, { color: false })).toContain('· shard 1/24 (1 run)');
    const partial = { ...doc, runs: doc.runs.slice(0, 20), missingRuns: [20, 21, 22, 23] };
    expect(renderTable(partial, { color: false })).toContain('· partial: 4 runs missing');
  });
});
