import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, SMALL } from './helpers.js';

/**
 * Bad input a user can cause, one row per class: one line on stderr naming the input and the
 * problem, exit 2, never "internal error", and nothing new left in the working directory.
 */
const dir = mkdtempSync(join(tmpdir(), 'spte-lab-bad-'));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}.mjs`, import.meta.url));
beforeAll(async () => {
  mkdirSync(join(dir, 'adir'));
  writeFileSync(join(dir, 'notes.txt'), 'hello\n');
  const runs = await cli(['compare', ...SMALL, '--seeds', '1..2', '--format', 'json', '-q']);
  const doc = JSON.parse(runs.out);
  writeFileSync(join(dir, 'empty-runs.json'), JSON.stringify({ ...doc, runs: [] }));
  writeFileSync(join(dir, 'one-missing.json'), JSON.stringify({ ...doc, runs: doc.runs.slice(1) }));
});

const TABLE: ReadonlyArray<readonly [string, readonly string[], RegExp]> = [
  [
    'duplicate -p names',
    ['compare', '-p', 'never,never', '-s', 'migration-bitmap'],
    /'never' is named twice/,
  ],
  [
    'duplicate -s names',
    ['compare', '-s', 'migration-bitmap,migration-bitmap'],
    /'migration-bitmap' is named twice/,
  ],
  [
    'a directory as selftest --vectors',
    ['selftest', '--vectors', 'adir'],
    /^spte-lab: selftest: --vectors 'adir': it is a directory$/,
  ],
  [
    'a directory to trace import',
    ['trace', 'import', 'adir', '--gfns', '8', '-o', 'x.jsonl'],
    /^spte-lab: trace import 'adir': it is a directory$/,
  ],
  [
    'text with no tracepoint to trace import',
    ['trace', 'import', 'notes.txt', '--gfns', '8', '-o', 'x.jsonl'],
    /^spte-lab: notes\.txt:1: no importable KVM tracepoint line/,
  ],
  [
    'a directory as --out',
    ['compare', ...SMALL, '--out', 'adir'],
    /^spte-lab: cannot write 'adir': it is a directory$/,
  ],
  [
    '--out in a directory that takes no new file (/proc)',
    ['compare', ...SMALL, '--out', '/proc/version'],
    /^spte-lab: cannot write '\/proc\/version': no file can be created in its directory \/proc$/,
  ],
  [
    'init-plugin in a directory that takes no new entry (/proc)',
    ['init-plugin', '/proc/spte-lab-plugin'],
    /^spte-lab: init-plugin: cannot write \/proc\/spte-lab-plugin: no file can be created in its directory \/proc$/,
  ],
  [
    'report of runs: []',
    ['report', 'empty-runs.json', '--fail-on-violation'],
    /^spte-lab: report: 'empty-runs\.json' is incomplete: it holds no runs/,
  ],
  [
    'report with a run missing',
    ['report', 'one-missing.json', '--fail-on-violation'],
    /^spte-lab: report: 'one-missing\.json' is incomplete: 1 of the 4 runs it declares are missing \(kvm-v6\.13\/migration-bitmap\/seed 1\)/,
  ],
  [
    'a corrupted replay schedule',
    ['run', '--replay', join(dir, 'notes.txt')],
    /^spte-lab: .*notes\.txt: not JSON/,
  ],
  [
    'a grid value out of range',
    ['sweep', '-p', 'never', '--grid', 'gfns=1e308'],
    /^spte-lab: --grid: .*'1e308'$/,
  ],
  [
    'events over the limit',
    ['trace', 'record', '-s', 'migration-bitmap', '--events', '1e10', '-o', 't.jsonl'],
    /'1e10'/,
  ],
  ['an unknown policy', ['compare', '-p', 'nope'], /^spte-lab: unknown policy 'nope'/],
  ['a bad SPTE value', ['decode', 'zz'], /^spte-lab: decode: 'zz' is not a hexadecimal number$/],
  ['a repeated seed', ['compare', '--seeds', '1,1'], /seed 1 is listed twice/],
  [
    'a trace of gigabytes without --yes',
    ['trace', 'record', '-s', 'migration-bitmap', '--events', '1000000000', '-o', 't.jsonl'],
    /^spte-lab: trace record: 1,000,000,000 events would write about 48\.4 GiB \(about 52 bytes per event\); add --yes to start it$/,
  ],
  [
    'a sweep of hours without --yes',
    ['sweep', '-p', 'never', '-s', 'migration-bitmap', '--grid', 'events=1000000000'],
    /^spte-lab: sweep: 1 run would simulate about 1\.0e\+9 events, hours of work; add --yes to start it/,
  ],
  [
    'a directory as --cost-model',
    ['compare', ...SMALL, '--cost-model', 'adir'],
    /^spte-lab: --cost-model 'adir': it is a directory$/,
  ],
  [
    'a directory as run --replay',
    ['run', '--replay', 'adir'],
    /^spte-lab: run --replay 'adir': it is a directory$/,
  ],
  [
    // Relative to the CLI's working directory, as every file option (not the test process's).
    'a relative run --replay that is not a schedule',
    ['run', '--replay', 'notes.txt'],
    /^spte-lab: notes\.txt: not JSON/,
  ],
  [
    'a --stall-timeout that is not seconds',
    ['check', '-p', 'kvm-v6.13', '--stall-timeout', 'soon'],
    /'soon' is not a number of seconds from 0 to 86400/,
  ],
  [
    'a plugin that writes to its hook input',
    [
      'compare',
      '-p',
      'mutates-input',
      '-s',
      'migration-bitmap',
      '--plugin',
      fixture('mutates-input'),
    ],
    /plugin '.*mutates-input\.mjs': policy 'mutates-input': onLeafChange threw: .*read-only/,
  ],
  [
    'a plugin that calls process.exit(0) in a run',
    ['compare', '-p', 'calls-exit', '-s', 'migration-bitmap', '--plugin', fixture('calls-exit')],
    /plugin '.*calls-exit\.mjs': policy 'calls-exit': onLeafChange threw: called process\.exit\(0\)$/,
  ],
  [
    'a plugin that calls process.exit(0) while loading',
    ['compare', '--plugin', fixture('exits-at-load')],
    /^spte-lab: plugin '.*exits-at-load\.mjs': .*called process\.exit\(0\)$/,
  ],
  [
    'a plugin whose top-level code loops forever',
    ['compare', '--plugin', fixture('loops-at-load'), '--stall-timeout', '1'],
    /^spte-lab: plugin '.*loops-at-load\.mjs' did not finish loading within 1 s \(--stall-timeout\); stopped it$/,
  ],
  [
    'a --grid key a named scenario rejects',
    [
      'sweep',
      '-p',
      'never',
      '-s',
      'migration-bitmap,write-track-initially-set',
      '--grid',
      'gfns=8',
    ],
    /^spte-lab: --grid: scenario write-track-initially-set: gfns must be at least 512/,
  ],
];

describe('the bad-input table', () => {
  it.each(TABLE)('%s: one line, exit 2', async (_name, argv, message) => {
    const before = readdirSync(dir).sort();
    const { code, err } = await cli([...argv], { cwd: dir });
    expect(code).toBe(2);
    expect(err).not.toMatch(/internal error/);
    expect(err.split('\n')[0]).toMatch(message);
    // Commander's usage errors add "Usage:"/"Run --help" lines; spte-lab's own are one line.
    if (err.startsWith('spte-lab:')) expect(err.trimEnd().split('\n')).toHaveLength(1);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('report --allow-partial renders an incomplete document and says so on stderr', async () => {
    const { code, err } = await cli(['report', 'one-missing.json', '--allow-partial'], {
      cwd: dir,
    });
    expect(code).toBe(0);
    expect(err).toMatch(/^spte-lab: report: 'one-missing\.json' is incomplete: 1 of the 4 runs/);
  });
});
