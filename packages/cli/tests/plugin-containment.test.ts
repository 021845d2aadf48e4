import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCliPlugins } from '../src/plugins.js';
import { cli } from './helpers.js';

/**
 * Item 4 of issue 22: a stuck or hostile plugin is contained. Plugin runs go to a worker
 * thread (the built `dist/sweep-worker.js`, as for sweeps); the parent's watchdog stops a hook
 * that does not return within --stall-timeout. Nothing here asserts a time: a stalled command
 * only has to end (before the test's own timeout) with the right one-line error.
 */
const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'spte-containment-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const inFixtures = (argv: string[]) => cli(argv, { cwd: fixtures });
const STUCK = ['--plugin', './never-returns.mjs', '--stall-timeout', '1'];
const NO_PROGRESS =
  "plugin './never-returns.mjs': policy 'never-returns': onLeafChange made no progress for 1 s (--stall-timeout); stopped it";

describe('--stall-timeout: a plugin hook that never returns', () => {
  it('compare: exit 2, one line naming the plugin, the hook and the run; no report written', async () => {
    const report = join(out, 'compare.json');
    const r = await inFixtures([
      'compare',
      ...['-p', 'kvm-v6.13,never-returns', '-s', 'migration-bitmap', '--out', report],
      ...STUCK,
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `spte-lab: compare: run 1 (policy never-returns, scenario migration-bitmap, seed 1) failed: ${NO_PROGRESS}\n`,
    );
    expect(existsSync(report)).toBe(false);
  }, 60_000);

  it('sweep on several workers: the same', async () => {
    const r = await inFixtures([
      'sweep',
      ...['-p', 'never-returns', '-s', 'migration-bitmap', '--seeds', '1..3', '--workers', '2'],
      ...STUCK,
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `spte-lab: sweep: run 0 (policy never-returns, scenario migration-bitmap, seed 1) failed: ${NO_PROGRESS}\n`,
    );
    expect(r.out).toBe('');
  }, 60_000);

  it('check and shrink: the same, naming their run', async () => {
    const check = await inFixtures(['check', '-p', 'never-returns', ...STUCK]);
    expect(check.code).toBe(2);
    expect(check.err).toBe(
      `spte-lab: check: check of policy never-returns failed: ${NO_PROGRESS}\n`,
    );
    const shrink = await inFixtures([
      'shrink',
      ...['-p', 'never-returns', '-s', 'migration-bitmap', '--seed', '2'],
      ...STUCK,
    ]);
    expect(shrink.code).toBe(2);
    expect(shrink.err).toBe(
      `spte-lab: shrink: shrink of policy never-returns × scenario migration-bitmap × seed 2 failed: ${NO_PROGRESS}\n`,
    );
  }, 60_000);

  it('rejects a timeout that is not a number of seconds', async () => {
    for (const bad of ['abc', '-1', '']) {
      const r = await inFixtures(['check', '-p', 'kvm-v6.13', '--stall-timeout', bad]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(
        /--stall-timeout <seconds>.*is not a number of seconds from 0 to 86400/,
      );
    }
  });
});

describe('hostile plugins: every failure is one line naming the plugin, exit 2', () => {
  const compare = (plugin: string, policy: string) =>
    inFixtures(['compare', '-p', policy, '-s', 'migration-bitmap', '--plugin', plugin]);

  it('writing to a hook input is an error naming the plugin (inputs are read-only views)', async () => {
    const r = await compare('./mutates-input.mjs', 'mutates-input');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^spte-lab: compare: run 0 \(.*\) failed: plugin '\.\/mutates-input\.mjs': policy 'mutates-input': onLeafChange threw: onLeafChange\(change\) is read-only: the policy tried to set 'gfn'\n$/,
    );
  }, 60_000);

  it('process.exit(0) from a hook cannot end the command, let alone with success', async () => {
    const r = await compare('./calls-exit.mjs', 'calls-exit');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(
      /failed: plugin '\.\/calls-exit\.mjs': policy 'calls-exit': onLeafChange threw: called process\.exit\(0\)\n$/,
    );
  }, 60_000);

  it('process.exit(0) while the plugin loads: exit 2 naming the plugin', async () => {
    const r = await compare('./exits-at-load.mjs', 'exits-at-load');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^spte-lab: plugin '\.\/exits-at-load\.mjs': .*called process\.exit\(0\)\n$/,
    );
  });

  it('an invalid flush range or vCPU in the answer names the plugin', async () => {
    const range = await compare('./bad-flush-range.mjs', 'bad-flush-range');
    expect(range.code).toBe(2);
    expect(range.err).toMatch(
      /plugin '\.\/bad-flush-range\.mjs': policy 'bad-flush-range': onLeafChange threw: onLeafChange returned an invalid flush: a range needs a whole gfn in \[0, 2\^32\)/,
    );
    const vcpu = await compare('./bad-flush-vcpu.mjs', 'bad-flush-vcpu');
    expect(vcpu.code).toBe(2);
    expect(vcpu.err).toMatch(
      /plugin '\.\/bad-flush-vcpu\.mjs': policy 'bad-flush-vcpu' asked for a flush the model rejects: vCPU 99 does not exist/,
    );
  }, 60_000);

  it('a well-behaved plugin: the worker thread’s runs equal the same runs made in-process', async () => {
    const contained = await inFixtures([
      'compare',
      ...['-p', 'flush-everything,kvm-v6.13', '-s', 'migration-bitmap', '--seeds', '1..2'],
      ...['--plugin', './flush-everything.mjs', '--format', 'json'],
    ]);
    expect(contained.code).toBe(0);
    const plugins = await loadCliPlugins(['./flush-everything.mjs'], fixtures);
    const inline = plugins.simulator().compare({
      policies: ['flush-everything', 'kvm-v6.13'],
      scenarios: ['migration-bitmap'],
      seeds: [1, 2],
    });
    expect((JSON.parse(contained.out) as { runs: unknown[] }).runs).toEqual(
      JSON.parse(JSON.stringify(inline)),
    );
  }, 60_000);
});
