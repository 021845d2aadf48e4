import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

const cwd = new URL('./fixtures/', import.meta.url).pathname;
const ONE = ['--policies', 'kvm-v6.13', '--scenarios', 'migration-bitmap', '--format', 'json'];

function cyclesOf(out: string): number {
  return JSON.parse(out).runs[0].stats.cycles;
}

describe('DI plugins (ContainerModule) through the CLI', () => {
  it('COST_MODEL rebind doubles cycles in compare, and the document says so', async () => {
    const base = await cli(['compare', ...ONE], { cwd });
    const mine = await cli(['compare', ...ONE, '--plugin', './double-costs.mjs'], { cwd });
    expect(mine.err).toBe('');
    expect(cyclesOf(mine.out)).toBe(2 * cyclesOf(base.out));
    const doc = JSON.parse(mine.out);
    expect(doc.extensions).toEqual([{ plugin: './double-costs.mjs', tokens: ['COST_MODEL'] }]);
    expect(doc.costModel.vmExit.source).toMatch(/^twice the default/);
    expect(JSON.parse(base.out).extensions).toBeUndefined();
  });

  it('COST_MODEL rebind doubles cycles in sweep on 2 worker threads', async () => {
    const args = ['sweep', ...ONE, '--seeds', '1,2', '--workers', '2'];
    const base = JSON.parse((await cli(args, { cwd })).out);
    const mine = await cli([...args, '--plugin', './double-costs.mjs'], { cwd });
    expect(mine.err).toBe('');
    const doc = JSON.parse(mine.out);
    expect(doc.runs.map((r: { stats: { cycles: number } }) => r.stats.cycles)).toEqual(
      base.runs.map((r: { stats: { cycles: number } }) => 2 * r.stats.cycles),
    );
    expect(doc.extensions).toEqual([{ plugin: './double-costs.mjs', tokens: ['COST_MODEL'] }]);
  });

  it('GUEST_TLB_FACTORY rebind builds the runs of compare and sweep -w 2, and of check', async () => {
    const plugin = ['--plugin', './tlb-factory.mjs'];
    const base = await cli(['compare', ...ONE], { cwd });
    const mine = await cli(['compare', ...ONE, ...plugin], { cwd });
    expect(cyclesOf(mine.out)).toBe(3 * cyclesOf(base.out));
    expect(JSON.parse(mine.out).extensions).toEqual([
      { plugin: './tlb-factory.mjs', tokens: ['GUEST_TLB_FACTORY'] },
    ]);
    const swept = await cli(['sweep', ...ONE, '--workers', '2', ...plugin], { cwd });
    expect(cyclesOf(swept.out)).toBe(3 * cyclesOf(base.out));
    const checked = await cli(['check', '--policy', 'never', '--json', ...plugin], { cwd });
    expect(JSON.parse(checked.out).verdict).toBe('unsafe');
    // check really builds its worlds with the rebound factory: a TLB that keeps nothing makes
    // the policy that never flushes safe.
    const tlbLess = ['--plugin', './tlb-less.mjs'];
    const uncached = await cli(['check', '--policy', 'never', '--json', ...tlbLess], { cwd });
    expect(JSON.parse(uncached.out).verdict).toBe('safe');
  });

  it("TLB_MODEL_FACTORY rebind (tlb-model's token) builds every run's TLBs", async () => {
    // A 16-entry STLB evicts where the default (1536 entries) does not; realistic retention.
    const pick = ['-p', 'kvm-v6.13', '-s', 'migration-clear-log', '--format', 'json'];
    const args = ['compare', ...pick, '--retention', 'realistic'];
    const base = JSON.parse((await cli(args, { cwd })).out).runs[0].stats;
    const mine = await cli([...args, '--plugin', './small-stlb.mjs'], { cwd });
    expect(mine.err).toBe('');
    const doc = JSON.parse(mine.out);
    expect(base.tlb_evictions).toBe(0);
    expect(doc.runs[0].stats.tlb_evictions).toBeGreaterThan(0);
    expect(doc.runs[0].stats.tlb_misses).toBeGreaterThan(base.tlb_misses);
    expect(doc.extensions).toEqual([{ plugin: './small-stlb.mjs', tokens: ['TLB_MODEL_FACTORY'] }]);
    const swept = await cli(
      [
        'sweep',
        ...pick,
        '--retention',
        'realistic',
        '--workers',
        '2',
        '--plugin',
        './small-stlb.mjs',
      ],
      { cwd },
    );
    expect(JSON.parse(swept.out).runs[0].stats).toEqual(doc.runs[0].stats);
  });

  it('SCENARIO_PRESET: a plugin scenario runs in compare, sweep -w 2 and check', async () => {
    const plugin = ['--plugin', './my-scenario.mjs'];
    const pick = ['--policies', 'kvm-v6.13', '--scenarios', 'my-bitmap', '--format', 'json'];
    const compared = await cli(['compare', ...pick, ...plugin], { cwd });
    expect(compared.err).toBe('');
    const doc = JSON.parse(compared.out);
    expect(doc.runs[0].scenario).toBe('my-bitmap');
    expect(doc.extensions).toEqual([{ plugin: './my-scenario.mjs', tokens: ['SCENARIO_PRESET'] }]);
    const swept = await cli(['sweep', ...pick, '--seeds', '1,2', '--workers', '2', ...plugin], {
      cwd,
    });
    expect(JSON.parse(swept.out).runs).toHaveLength(2);
    const checked = await cli(
      ['check', '--policy', 'kvm-v6.13', '--scenario', 'my-bitmap', '--json', ...plugin],
      { cwd },
    );
    expect(JSON.parse(checked.out).verdict).toBe('safe');
    const unknown = await cli(['check', '--policy', 'kvm-v6.13', '--scenario', 'my-bitmap'], {
      cwd,
    });
    expect(unknown.code).toBe(2);
  });
});

describe('RENDERER plugins through the CLI', () => {
  const plugin = ['--plugin', './cycles-format.mjs'];
  const pick = ['--policies', 'kvm-v6.13', '--scenarios', 'migration-bitmap'];

  it('a plugin format is written by compare and by sweep -w 2', async () => {
    const json = JSON.parse((await cli(['compare', ...pick, '--format', 'json'], { cwd })).out);
    const compared = await cli(['compare', ...pick, '--format', 'cycles', ...plugin], { cwd });
    expect(compared.out).toBe(`kvm-v6.13 migration-bitmap 1 ${json.runs[0].stats.cycles}\n`);
    const swept = await cli(
      ['sweep', ...pick, '--seeds', '1,2', '--workers', '2', '--format', 'cycles', ...plugin],
      { cwd },
    );
    expect(swept.out.trim().split('\n')).toHaveLength(2);
    expect(swept.out).toMatch(/^kvm-v6\.13 migration-bitmap 1 \d+\n/);
  });

  it('an unknown format is one line, exit 2, naming the formats there are', async () => {
    const bad = await cli(['compare', ...pick, '--format', 'cycles'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.err).toBe(
      "spte-lab: --format 'cycles' is not a format (choose from table, json, csv, md, html)\n",
    );
  });
});
