import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

/**
 * Item 4 of issue 22, at load time: a --plugin whose top-level code never finishes is imported
 * first on a short-lived worker thread (containment/plugin-load-probe.ts), which is terminated
 * after --stall-timeout seconds. Nothing here asserts a time: the command only has to end
 * (before the test's own timeout) with the one-line error naming the plugin.
 */
const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'spte-load-stall-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
// `run --replay` reads its file before it loads plugins; the schedule is checked after.
const replay = join(out, 'replay.json');
writeFileSync(replay, '{}');
const inFixtures = (argv: string[]) => cli(argv, { cwd: fixtures });
const timedOut = (plugin: string) =>
  `spte-lab: plugin '${plugin}' did not finish loading within 1 s (--stall-timeout); stopped it\n`;

// Each command that takes --plugin, with what else it needs to get as far as loading plugins.
const COMMANDS: readonly (readonly string[])[] = [
  ['compare'],
  ['sweep'],
  ['check', '-p', 'kvm-v6.13'],
  ['shrink', '-p', 'kvm-v6.13', '-s', 'migration-bitmap', '--seed', '1'],
  ['run', '--replay', replay],
  ['list', 'policies'],
  ['audit'],
];

describe('--stall-timeout: a plugin that never finishes loading', () => {
  it.each(COMMANDS)(
    '%s: a synchronous endless loop at the top level is stopped, exit 2',
    async (...command) => {
      const r = await inFixtures([
        ...command,
        '--plugin',
        './loops-at-load.mjs',
        '--stall-timeout',
        '1',
      ]);
      expect(r.err).toBe(timedOut('./loops-at-load.mjs'));
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
    },
    60_000,
  );

  it('a top-level await kept pending by a timer: stopped after --stall-timeout, naming it', async () => {
    const r = await inFixtures([
      'compare',
      '--plugin',
      './awaits-timer-at-load.mjs',
      '--stall-timeout',
      '1',
    ]);
    expect(r.err).toBe(timedOut('./awaits-timer-at-load.mjs'));
    expect(r.code).toBe(2);
  }, 60_000);

  it('a top-level await of a promise nothing settles: reported at once, naming it', async () => {
    const r = await inFixtures(['list', 'policies', '--plugin', './awaits-forever-at-load.mjs']);
    expect(r.err).toBe(
      "spte-lab: plugin './awaits-forever-at-load.mjs' can never finish loading: its top-level await waits on nothing that can settle\n",
    );
    expect(r.code).toBe(2);
  }, 60_000);

  it('names the stuck one of several plugins, after the good ones loaded', async () => {
    const r = await inFixtures([
      ...['list', 'policies', '--plugin', './flush-everything.mjs'],
      ...['--plugin', './loops-at-load.mjs', '--stall-timeout', '1'],
    ]);
    expect(r.err).toBe(timedOut('./loops-at-load.mjs'));
    expect(r.code).toBe(2);
  }, 60_000);

  it('a plugin that loads is listed as before', async () => {
    const r = await inFixtures(['list', 'policies', '--plugin', './flush-everything.mjs']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/flush-everything\s+plugin \.\/flush-everything\.mjs/);
  }, 60_000);
});

/**
 * The same plugin may hang only in the worker thread that runs a command's runs (its import
 * there is a third one, after the probe's and the main thread's): the worker marks each import
 * on its heartbeat, so the run's watchdog stops it and names it, not the run it interrupted.
 */
describe('--stall-timeout: a plugin that hangs only when the run thread imports it', () => {
  const cx = join(out, 'cx.json');
  const hangsInRunThread =
    "spte-lab: plugin './loops-in-run-thread.mjs' did not finish loading in the worker thread within 1 s (--stall-timeout); stopped it\n";
  const RUN_THREAD_COMMANDS: readonly (readonly string[])[] = [
    ['compare'],
    ['sweep', '-w', '2'],
    ['check', '-p', 'loops-in-run-thread'],
    ['shrink', '-p', 'never', '-s', 'migration-bitmap', '--seed', '1'],
    ['run', '--replay', cx],
    ['audit', '-p', 'kvm-v6.13', '--ops', 'clear_dirty_log,account_shadowed', '-w', '1'],
  ];

  it.each(RUN_THREAD_COMMANDS)(
    '%s: stopped after --stall-timeout, exit 2, naming the plugin',
    async (...command) => {
      if (command[0] === 'run' && !existsSync(cx)) {
        const made = await inFixtures(['check', '-p', 'never', '--out', cx]);
        expect(made.code).toBe(1);
      }
      const r = await inFixtures([
        ...command,
        '--plugin',
        './loops-in-run-thread.mjs',
        '--stall-timeout',
        '1',
      ]);
      expect(r.err).toBe(hangsInRunThread);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
    },
    60_000,
  );
});
