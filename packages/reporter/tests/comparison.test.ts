import { describe, expect, it } from 'vitest';
import {
  BaselineError,
  buildComparison,
  COMPARISON_METRICS,
  resolveBaseline,
  summarize,
} from '../src/index.js';
import { makeDocument, POLICIES, SCENARIOS } from './fixture.js';

const metricIndex = (key: string) => COMPARISON_METRICS.findIndex((m) => m.key === key);

describe('comparison view', () => {
  it('groups by scenario, one row per policy, in the order compared', () => {
    const c = buildComparison(makeDocument());
    expect(c.groups.map((g) => g.scenario)).toEqual([...SCENARIOS]);
    for (const g of c.groups) expect(g.rows.map((r) => r.policy)).toEqual([...POLICIES]);
    expect(c.spread).toBe('min–max over seeds');
  });

  it('gives mean, min and max over the seeds, and the ratio to the baseline mean', () => {
    const c = buildComparison(makeDocument([1, 2, 3]));
    const row = c.groups[0]!.rows[0]!; // kvm-v6.12 on migration-bitmap: 11, 12, 13 flush requests
    const cell = row.cells[metricIndex('remote_tlb_flush_requests')]!;
    expect(cell.summary).toEqual({ mean: 12, min: 11, max: 13, n: 3 });
    // baseline kvm-v6.13: 21, 22, 23 → mean 22
    expect(cell.ratio).toBeCloseTo(12 / 22, 12);
    expect(c.groups[0]!.rows[1]!.isBaseline).toBe(true);
    expect(c.groups[0]!.rows[1]!.cells[0]!.ratio).toBe(1);
  });

  it('has no ratio where the baseline is 0', () => {
    const c = buildComparison(makeDocument(), { baseline: 'never' });
    const cell = c.groups[0]!.rows[0]!.cells[metricIndex('ipis')]!;
    expect(cell.summary.mean).toBeGreaterThan(0);
    expect(cell.ratio).toBeUndefined();
  });

  it('counts violations per run and keeps the violating runs', () => {
    const c = buildComparison(makeDocument([1, 2]));
    const never = c.groups[0]!.rows[2]!;
    expect(never.cells[metricIndex('violations')]!.summary).toEqual({
      mean: 1,
      min: 0,
      max: 2,
      n: 2,
    });
    expect(never.violatingRuns.map((r) => r.seed)).toEqual([1]);
    // No ratio for violations, even against a baseline that has some.
    const vs = buildComparison(makeDocument([1, 2]), { baseline: 'never' }).groups[0]!.rows[2]!;
    expect(vs.cells[metricIndex('violations')]!.ratio).toBeUndefined();
    expect(c.groups[1]!.rows[2]!.violatingRuns).toEqual([]);
  });

  it('defaults the baseline to the document’s, then kvm-v6.13, else none', () => {
    const doc = makeDocument();
    expect(resolveBaseline(doc)).toBe('kvm-v6.13');
    expect(resolveBaseline({ ...doc, parameters: { ...doc.parameters, baseline: 'never' } })).toBe(
      'never',
    );
    const without = {
      ...doc,
      parameters: { ...doc.parameters, baseline: undefined, policies: ['kvm-v6.12', 'never'] },
    };
    expect(resolveBaseline(without)).toBeUndefined();
    expect(() => resolveBaseline(doc, 'ghost')).toThrow(BaselineError);
    expect(() => resolveBaseline(doc, 'ghost')).toThrow(
      "baseline 'ghost' is not one of the compared policies (kvm-v6.12, kvm-v6.13, never)",
    );
  });

  it('summarizes nothing as nothing', () => {
    expect(summarize([])).toBeUndefined();
    expect(summarize([5])).toEqual({ mean: 5, min: 5, max: 5, n: 1 });
  });
});
