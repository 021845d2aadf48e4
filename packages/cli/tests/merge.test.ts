import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readResultDocument } from '@spte-lab/reporter';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers.js';
import { GRID } from './sweep-helpers.js';

// Shards run inline (--workers 1): what is tested here is the slicing and merging.
let dir: string;
const read = (file: string) => readFile(join(dir, file), 'utf8');
const merge = (...argv: string[]) => cli(['merge', ...argv], { cwd: dir });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spte-lab-merge-'));
  const sweep = (...argv: string[]) =>
    cli(['sweep', ...GRID, '--workers', '1', '-q', ...argv], { cwd: dir });
  for (const r of await Promise.all([
    sweep('--out', 'whole.json'),
    sweep('--shard', '1/2', '--out', 'a.json'),
    sweep('--shard', '2/2', '--out', 'b.json'),
    sweep('--shard', '1/3', '--out', 'third.json'),
    cli(
      [
        'sweep',
        ...GRID.slice(0, -1),
        '1..3',
        '--workers',
        '1',
        '-q',
        '--shard',
        '2/2',
        '--out',
        'other-seeds.json',
      ],
      { cwd: dir },
    ),
    cli(
      [
        'sweep',
        ...GRID.map((a) => (a === 'gfns=4,8' ? 'gfns=4,16' : a)),
        '--workers',
        '1',
        '-q',
        '--shard',
        '2/2',
        '--out',
        'other-grid.json',
      ],
      { cwd: dir },
    ),
  ]))
    expect(r.code).toBe(0);
});

describe('spte-lab sweep --shard and spte-lab merge', () => {
  it('a shard records the whole grid, n, i and the grid indices it holds', async () => {
    const doc = readResultDocument(await read('b.json'), 'b.json');
    expect(doc.shard).toEqual({ index: 2, count: 2, runs: [1, 3, 5, 7, 9, 11, 13, 15] });
    expect(doc.runs.map((r) => r.seed)).toEqual([2, 2, 2, 2, 2, 2, 2, 2]);
    expect(doc.parameters.grid).toEqual([
      { parameter: 'gfns', values: [4, 8] },
      { parameter: 'events', values: [150] },
    ]);
    expect(doc.seeds).toEqual([1, 2]);
    expect(doc.command).toBe(readResultDocument(await read('whole.json'), 'whole').command);
  });

  it('merging shards 1/2 and 2/2, in any order, gives the unsharded sweep’s document byte for byte', async () => {
    const whole = await read('whole.json');
    for (const order of [
      ['a.json', 'b.json'],
      ['b.json', 'a.json'],
    ]) {
      const { code, err } = await merge(...order, '--out', 'merged.json');
      expect(code).toBe(0);
      expect(err).toMatch(/^spte-lab: wrote the json report to merged\.json/);
      expect(await read('merged.json')).toBe(whole);
    }
    const table = await merge('a.json', 'b.json');
    expect(table.out).toBe((await cli(['report', join(dir, 'whole.json')])).out);
  });

  it('refuses a shard given twice (overlap), naming both files', async () => {
    const { code, out, err } = await merge('a.json', 'b.json', 'a.json');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(
      'spte-lab: merge: a.json and a.json both hold shard 1/2 (runs 0, 2, 4, 6, 8, 10, 12, 14 of 16); give each shard once\n',
    );
  });

  it('refuses missing shards, naming them, unless --allow-partial', async () => {
    const missing = await merge('b.json', '--out', 'partial.json');
    expect(missing.code).toBe(2);
    expect(missing.err).toBe(
      'spte-lab: merge: shard 1/2 is missing (runs 0, 2, 4, 6, 8, 10, 12, 14 of 16); give its file, or --allow-partial to merge without it\n',
    );
    const partial = await merge('b.json', '--allow-partial', '--out', 'partial.json');
    expect(partial.code).toBe(0);
    expect(partial.err.split('\n')[0]).toBe(
      'spte-lab: merge: partial result: shard 1/2 missing (8 runs, listed in missingRuns)',
    );
    const doc = readResultDocument(await read('partial.json'), 'partial.json');
    expect(doc.missingRuns).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
    expect(doc.runs).toHaveLength(8);
    expect(doc.shard).toBeUndefined();
    expect((await cli(['report', join(dir, 'partial.json')])).out).toContain(
      'partial: 8 runs missing',
    );
  });

  it('a partial merge’s footer states the seeds each row really has, not the declared count', async () => {
    // Regression: the legend said "the mean over 2 seeds" of rows holding seed 2 only.
    const partial = await merge('b.json', '--allow-partial', '--out', 'partial-footer.json');
    expect(partial.code).toBe(0);
    for (const format of ['table', 'md', 'html']) {
      const { code, out } = await cli([
        'report',
        join(dir, 'partial-footer.json'),
        '--format',
        format,
      ]);
      expect(code).toBe(0);
      expect(out).not.toContain('mean over 2 seeds');
      expect(out).toContain('the seeds its row has (2 declared; fewer where listed below)');
      expect(out).toContain(
        'Partial: 8 rows have fewer than the 2 declared seeds: kvm-v6.13 in migration-bitmap · gfns=4, events=150 has 1 (seed 2)',
      );
    }
    // The whole merge keeps the plain sentence and no Partial line.
    const whole = await merge('a.json', 'b.json');
    expect(whole.out).toContain('mean over 2 seeds');
    expect(whole.out).not.toContain('Partial:');
  });

  it('refuses shards of different grids, splits or versions, saying what differs', async () => {
    const seeds = await merge('a.json', 'other-seeds.json');
    expect(seeds.code).toBe(2);
    expect(seeds.err).toBe(
      'spte-lab: merge: other-seeds.json is from a different sweep than a.json (they differ in seeds); merge shards of one grid\n',
    );
    const grid = await merge('a.json', 'other-grid.json');
    expect(grid.code).toBe(2);
    expect(grid.err).toBe(
      'spte-lab: merge: other-grid.json is from a different sweep than a.json (they differ in parameters.grid); merge shards of one grid\n',
    );
    const split = await merge('a.json', 'third.json');
    expect(split.code).toBe(2);
    expect(split.err).toBe(
      'spte-lab: merge: a.json is shard 1/2 but third.json is shard 1/3; the shards of one sweep share n\n',
    );
    const newer = JSON.parse(await read('b.json'));
    newer.tool.version = '0.2.0';
    await writeFile(join(dir, 'newer.json'), JSON.stringify(newer));
    const version = await merge('a.json', 'newer.json');
    expect(version.code).toBe(2);
    expect(version.err).toBe(
      'spte-lab: merge: newer.json was written by spte-lab 0.2.0, a.json by 0.1.0; merge shards written by one version\n',
    );
    const costs = JSON.parse(await read('b.json'));
    costs.costModel.ipiRoundTrip.cycles += 1;
    await writeFile(join(dir, 'costs.json'), JSON.stringify(costs));
    expect((await merge('a.json', 'costs.json')).err).toBe(
      'spte-lab: merge: costs.json is from a different sweep than a.json (they differ in costModel.ipiRoundTrip.cycles); merge shards of one grid\n',
    );
  });

  it('refuses a shard whose runs are not its slice of the grid', async () => {
    const swapped = JSON.parse(await read('b.json'));
    [swapped.runs[0], swapped.runs[1]] = [swapped.runs[1], swapped.runs[0]];
    await writeFile(join(dir, 'swapped.json'), JSON.stringify(swapped));
    const r = await merge('a.json', 'swapped.json');
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'spte-lab: merge: swapped.json: runs[0] is not grid run 1 (migration-bitmap · gfns=4, events=150 · kvm-v6.13 · seed 2)\n',
    );
  });

  it('bad files: missing, not JSON, not a result, not a shard — one line naming the file, exit 2', async () => {
    await writeFile(join(dir, 'cut.json'), '{"schemaVersion": 1, "runs": [');
    const wrong = JSON.parse(await read('a.json'));
    wrong.runs[0].stats.ipis = 'many';
    await writeFile(join(dir, 'wrong.json'), JSON.stringify(wrong));
    for (const [file, message] of [
      ['nope.json', "spte-lab: merge: cannot read 'nope.json': no such file\n"],
      ['cut.json', expect.stringMatching(/^spte-lab: merge: cut\.json: not valid JSON \(.*\)\n$/)],
      [
        'wrong.json',
        'spte-lab: merge: wrong.json: not a valid spte-lab result: runs[0].stats.ipis: Invalid input: expected number, received string\n',
      ],
      [
        'whole.json',
        'spte-lab: merge: whole.json: not a shard (no "shard" field); merge takes the files of spte-lab sweep --shard i/n\n',
      ],
    ] as const) {
      const r = await merge('a.json', file, '--out', 'never-written.json');
      expect(r.code, file).toBe(2);
      expect(r.err, file).toEqual(message);
    }
    await expect(read('never-written.json')).rejects.toThrow(/ENOENT/);
  });
});

describe('more shards than runs', () => {
  it('empty shards are valid and merge into the whole grid', async () => {
    const one = ['--policies', 'never', '--scenarios', 'migration-bitmap', '--grid', 'events=100'];
    const shards = await Promise.all(
      [1, 2, 3].map((i) => cli(['sweep', ...one, '--shard', `${i}/3`, '--format', 'json'])),
    );
    expect(shards.map((s) => readResultDocument(s.out, 'shard').shard)).toEqual([
      { index: 1, count: 3, runs: [0] },
      { index: 2, count: 3, runs: [] },
      { index: 3, count: 3, runs: [] },
    ]);
    await Promise.all(shards.map((s, i) => writeFile(join(dir, `tiny-${i + 1}.json`), s.out)));
    const merged = await merge('tiny-3.json', 'tiny-1.json', 'tiny-2.json', '--format', 'json');
    expect(merged.code).toBe(0);
    expect(merged.out).toBe((await cli(['sweep', ...one, '--format', 'json'])).out);
  });
});
