import { readResultDocument } from '@spte-lab/reporter';
import { describe, expect, it } from 'vitest';
import { cli, ESC, SMALL } from './helpers.js';

describe('spte-lab compare', () => {
  it('prints a table grouped by scenario, a row per policy, with numbers from the simulation', async () => {
    const { code, out } = await cli(['compare', '--policies', 'kvm-v6.13,never', '--seed', '4']);
    expect(code).toBe(0);
    expect(out).toMatch(/remote flush requests/);
    expect(out).toMatch(/\(count\)/);
    expect(out).toMatch(/\(modelled\)/);
    const lines = out.split('\n');
    const title = lines.findIndex((l) => /│ migration-bitmap /.test(l));
    expect(lines[title + 1]).toMatch(/│ {3}kvm-v6\.13 \(baseline\) +│ +\d+ +1\.00× │/);
    expect(lines[title + 2]).toMatch(/│ {3}✗ never +│ +0 +0\.00× │/);
    expect(out).toContain('× seed 4 ·');
    expect(out).not.toContain(ESC); // not a TTY: no colour codes
  });

  it('--format json emits one document with a runs array', async () => {
    const { code, out } = await cli([
      'compare',
      '--policies',
      'kvm-v6.13,never',
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(doc.schemaVersion).toBe(3);
    // Every run charges each remote flush to the kernel function that asked for it (issue 16).
    for (const run of doc.runs) {
      const sum = Object.values(run.flushesBySite as Record<string, number>).reduce(
        (a, b) => a + b,
        0,
      );
      expect(sum).toBe(run.stats.remote_tlb_flush_requests);
    }
    const scenarios: string[] = doc.parameters.scenarios;
    expect(scenarios).toContain('migration-bitmap');
    expect(doc.runs).toHaveLength(2 * scenarios.length);
    for (const run of doc.runs) {
      expect(Object.keys(run)).toEqual([
        'policy',
        'scenario',
        'seed',
        'stats',
        'flushesBySite',
        'rangeFlushesBySite',
        'violations',
      ]);
      expect(run).toEqual(
        expect.objectContaining({
          policy: expect.any(String),
          scenario: expect.any(String),
          seed: 1,
        }),
      );
      expect(typeof run.stats.remote_tlb_flush_requests).toBe('number');
      expect(Array.isArray(run.violations)).toBe(true);
    }
    expect(doc.command).toBe('spte-lab compare --policies kvm-v6.13,never --format json');
  });

  it('--format json is a valid result document with everything needed to reproduce it', async () => {
    const { out } = await cli([
      'compare',
      ...SMALL,
      '--seeds',
      '1..3',
      '--format',
      'json',
      '--retention',
      'realistic',
    ]);
    const doc = readResultDocument(out, 'stdout');
    expect(doc.seeds).toEqual([1, 2, 3]);
    expect(doc.runs.map((r) => `${r.policy}/${r.seed}`)).toEqual([
      'kvm-v6.13/1',
      'kvm-v6.13/2',
      'kvm-v6.13/3',
      'never/1',
      'never/2',
      'never/3',
    ]);
    expect(doc.parameters).toMatchObject({
      retention: 'realistic',
      baseline: 'kvm-v6.13',
      policies: ['kvm-v6.13', 'never'],
    });
    expect(doc.parameters.scenarioSettings?.['migration-bitmap']).toMatchObject({
      vcpus: expect.any(Number),
      gfns: expect.any(Number),
    });
    expect(doc.costModel.ipiRoundTrip).toEqual({
      cycles: expect.any(Number),
      source: expect.any(String),
      estimate: expect.any(Boolean),
    });
    expect(doc.tool).toEqual({
      name: 'spte-lab',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
    const again = readResultDocument((await cli(doc.command.split(' ').slice(1))).out, 'again');
    expect(again.runs).toEqual(doc.runs); // the recorded command reproduces the runs exactly
  });

  it('--seeds gives the mean and min–max over seeds and says so', async () => {
    const { code, out } = await cli(['compare', ...SMALL, '--seeds', '1,2,5']);
    expect(code).toBe(0);
    expect(out).toContain('× 3 seeds (1, 2, 5) ·');
    expect(out).toContain(
      'the range under it is the min–max over seeds (not a confidence interval)',
    );
  });

  it('--seed and --seeds together, or a bad seed list, are usage errors (exit 2)', async () => {
    const both = await cli(['compare', '--seed', '2', '--seeds', '1,2']);
    expect(both.code).toBe(2);
    expect(both.err.split('\n')[0]).toBe(
      "error: option '--seed <n>' cannot be used with option '--seeds <list>'",
    );
    for (const [bad, why] of [
      ['3..1', "'3..1' is an empty range (write 1..3)"],
      ['1,1', 'seed 1 is listed twice'],
      ['x', "'x' is not a seed or a range like 1..10"],
      ['0..20000', "'0..20000' is more than 10000 seeds"],
    ] as const) {
      const r = await cli(['compare', '--seeds', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.err.split('\n')[0]).toBe(
        `error: option '--seeds <list>' argument '${bad}' is invalid. ${why}`,
      );
      expect(r.err.split('\n')[1]).toBe('Usage: spte-lab compare [options]');
    }
  });

  it('--baseline changes the ratios; a baseline that was not compared is exit 2', async () => {
    const { out } = await cli(['compare', ...SMALL, '--baseline', 'never']);
    expect(out).toMatch(/✗ never \(baseline\)/);
    expect(out).toContain('mean of the baseline never in the same scenario');
    const bad = await cli(['compare', ...SMALL, '--baseline', 'kvm-v6.12']);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe(
      "spte-lab: --baseline: 'kvm-v6.12' is not one of the compared policies (kvm-v6.13, never)\n",
    );
  });

  it('without kvm-v6.13 and no --baseline there are no ratios, and it says why', async () => {
    const { code, out } = await cli([
      'compare',
      '--policies',
      'never',
      '--scenarios',
      'migration-bitmap',
    ]);
    expect(code).toBe(0);
    expect(out).not.toMatch(/\d×/);
    expect(out).toContain('No ratios: the default baseline kvm-v6.13 was not compared');
  });

  it('--format csv, md and html print to stdout', async () => {
    const csv = await cli(['compare', ...SMALL, '--format', 'csv']);
    expect(csv.out.split('\n')[0]).toBe(
      'scenario,policy,metric,unit,seeds,mean,min,max,baseline,ratio_to_baseline',
    );
    expect(csv.out).toMatch(/^migration-bitmap,never,violations,count,1,[1-9]\d*,/m);
    const md = await cli(['compare', ...SMALL, '--format', 'md']);
    expect(md.out).toMatch(/^\| scenario +\| policy +\| remote flush requests \(count\) \|/m);
    expect(md.out).toMatch(/^\|:-+\|:-+\|-+:\|/m);
    const html = await cli(['compare', ...SMALL, '--format', 'html']);
    expect(html.out).toMatch(/^<!DOCTYPE html>/);
    expect(html.out.match(/<svg class="chart"/g)).toHaveLength(4);
  });

  it('--fail-on-violation exits 1 when a policy loses writes, and still prints the report', async () => {
    const ok = await cli(['compare', '--policies', 'kvm-v6.13', '--fail-on-violation']);
    expect(ok.code).toBe(0);
    const bad = await cli(['compare', '--policies', 'never', '--seed', '2', '--fail-on-violation']);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/Violations in \d+ policy × scenario pair/);
  });

  it('colours only on a terminal, never with NO_COLOR or --no-color', async () => {
    const tty = await cli(['compare', ...SMALL], { isTTY: true });
    expect(tty.out).toContain(`${ESC}31m`);
    const noColor = await cli(['compare', ...SMALL], { isTTY: true, env: { NO_COLOR: '1' } });
    expect(noColor.out).not.toContain(ESC);
    for (const argv of [
      ['--no-color', 'compare', ...SMALL],
      ['compare', ...SMALL, '--no-color'],
    ]) {
      expect((await cli(argv, { isTTY: true })).out).not.toContain(ESC);
    }
  });

  it('with no arguments compares every policy on every scenario in well under a minute', async () => {
    const started = performance.now();
    const { code, out } = await cli(['compare', '--format', 'json']);
    const seconds = (performance.now() - started) / 1000;
    expect(code).toBe(0);
    const doc = readResultDocument(out, 'stdout');
    expect(doc.runs).toHaveLength(doc.parameters.policies.length * doc.parameters.scenarios.length);
    expect(doc.parameters.policies).toEqual(
      expect.arrayContaining(['kvm-v6.12', 'kvm-v6.13', 'never']),
    );
    expect(seconds).toBeLessThan(60);
  }, 120_000);
});
