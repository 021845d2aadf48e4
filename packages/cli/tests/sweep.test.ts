import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readResultDocument } from '@spte-lab/reporter';
import { MAX_GFNS } from '@spte-lab/workload-gen';
import { beforeEach, describe, expect, it } from 'vitest';
import { gridRun } from '../src/sweep/sweep-spec.js';
import { cli } from './helpers.js';
import { GRID, workerBuilt } from './sweep-helpers.js';

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spte-lab-sweep-'));
});

describe('spte-lab sweep', () => {
  it.skipIf(!workerBuilt)(
    '1 worker and 2 workers give the same JSON, byte for byte, with runs in grid order',
    async () => {
      const one = await cli(['sweep', ...GRID, '--workers', '1', '--format', 'json']);
      const two = await cli(['sweep', ...GRID, '--workers', '2', '--format', 'json']);
      expect(one.code).toBe(0);
      expect(two.code).toBe(0);
      // The document has no timing field at all, so "apart from timing" is all of it.
      expect(two.out).toBe(one.out);
      const doc = readResultDocument(one.out, 'sweep');
      expect(doc.runs).toHaveLength(16);
      expect(doc.parameters.grid).toEqual([
        { parameter: 'gfns', values: [4, 8] },
        { parameter: 'events', values: [150] },
      ]);
      // Scenario slowest, then grid point, policy, seed fastest.
      expect(
        doc.runs.slice(0, 5).map((r) => [r.scenario, r.point?.gfns, r.policy, r.seed]),
      ).toEqual([
        ['migration-bitmap', 4, 'kvm-v6.13', 1],
        ['migration-bitmap', 4, 'kvm-v6.13', 2],
        ['migration-bitmap', 4, 'never', 1],
        ['migration-bitmap', 4, 'never', 2],
        ['migration-bitmap', 8, 'kvm-v6.13', 1],
      ]);
      const shape = { ...doc.parameters, grid: doc.parameters.grid!, seeds: doc.seeds };
      doc.runs.forEach((run, i) => {
        const want = gridRun(shape, i);
        expect([run.scenario, run.point, run.policy, run.seed]).toEqual([
          want.scenario,
          want.point,
          want.policy,
          want.seed,
        ]);
      });
      // The grid point is really applied: a bigger guest misses the TLB more.
      const misses = (gfns: number) =>
        doc.runs
          .filter(
            (r) =>
              r.policy === 'kvm-v6.13' &&
              r.scenario === 'migration-bitmap' &&
              r.point?.gfns === gfns,
          )
          .reduce((sum, r) => sum + r.stats.tlb_misses!, 0);
      expect(misses(8)).toBeGreaterThan(misses(4));
    },
  );

  it('without --grid, a sweep runs exactly what compare runs', async () => {
    const args = [
      '--policies',
      'kvm-v6.13,never',
      '--scenarios',
      'migration-bitmap',
      '--seeds',
      '1..2',
    ];
    const sweep = readResultDocument(
      (await cli(['sweep', ...args, '--workers', '1', '--format', 'json'])).out,
      'sweep',
    );
    const compare = readResultDocument(
      (await cli(['compare', ...args, '--format', 'json'])).out,
      'compare',
    );
    expect(sweep.runs).toEqual(compare.runs);
    expect(sweep.parameters).toEqual(compare.parameters);
    expect(sweep.command).toBe(
      'spte-lab sweep --policies kvm-v6.13,never --scenarios migration-bitmap --seeds 1,2',
    );
  });

  it('records a command that reproduces the document, whatever --workers, --out and --format were', async () => {
    const { code, err } = await cli(
      ['sweep', ...GRID, '--workers', '1', '--retention', 'realistic', '--out', 'a.json', '-q'],
      { cwd: dir },
    );
    expect(code).toBe(0);
    expect(err).toBe('');
    const saved = await readFile(join(dir, 'a.json'), 'utf8');
    const doc = readResultDocument(saved, 'a.json');
    expect(doc.command).toBe(
      'spte-lab sweep --policies kvm-v6.13,never --scenarios migration-bitmap,host-reclaim --seeds 1,2 --grid gfns=4,8 --grid events=150 --retention realistic',
    );
    const again = await cli([
      ...doc.command.split(' ').slice(1),
      '--workers',
      '1',
      '--format',
      'json',
    ]);
    expect(again.out).toBe(saved);
  });

  it('renders a sweep in every format, a group per scenario × grid point', async () => {
    const table = await cli(['sweep', ...GRID, '--workers', '1']);
    expect(table.code).toBe(0);
    expect(table.out).toContain('│ migration-bitmap · gfns=4, events=150 ');
    expect(table.out).toContain('│ host-reclaim · gfns=8, events=150 ');
    expect(table.out).toContain('× 2 grid points (gfns × events) × 2 seeds (1, 2)');
    const csv = await cli(['sweep', ...GRID, '--workers', '1', '--format', 'csv']);
    const lines = csv.out.split('\n');
    expect(lines[0]).toBe(
      'scenario,gfns,events,policy,metric,unit,seeds,mean,min,max,baseline,ratio_to_baseline',
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^host-reclaim,8,150,never,violations,count,2,/),
    );
    const md = await cli(['sweep', ...GRID, '--workers', '1', '--format', 'md']);
    expect(md.out).toMatch(
      /^\| migration-bitmap · gfns=8, events=150 \| kvm-v6\.13 \(baseline\) +\|/m,
    );
    const html = await cli(['sweep', ...GRID, '--workers', '1', '--format', 'html']);
    expect(
      html.out.match(/<rect class="bar" data-scenario="host-reclaim · gfns=4, events=150"/g),
    ).toHaveLength(8);
  });

  it.skipIf(!workerBuilt)(
    'a plugin that throws in a worker: one line naming the run, exit 2, no output file',
    async () => {
      const argv = [
        'sweep',
        '--plugin',
        './throws-in-run.mjs',
        '--policies',
        'kvm-v6.13,throws-in-run',
        '--scenarios',
        'migration-bitmap',
        '--grid',
        'gfns=4,8',
        '--seeds',
        '1..2',
        '--out',
        join(dir, 'never.json'),
      ];
      const message =
        "spte-lab: sweep: run 2 (policy throws-in-run, scenario migration-bitmap, gfns=4, seed 1) failed: plugin './throws-in-run.mjs': policy 'throws-in-run': onLeafChange threw: deliberate failure inside the plugin\n";
      for (const workers of ['2', '1']) {
        const { code, out, err } = await cli([...argv, '--workers', workers], { cwd: fixtures });
        expect(code, workers).toBe(2);
        expect(out).toBe('');
        // The lowest failing run is named, whatever the number of workers.
        expect(err, workers).toBe(message);
      }
      await expect(readdir(dir)).resolves.toEqual([]);
    },
  );

  it('a --grid key a scenario does not take is exit 2 naming the key and the scenario', async () => {
    const unknown = await cli([
      'sweep',
      '-s',
      'migration-bitmap,migration-ring',
      '--grid',
      'ring-size=16,32',
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(
      /^spte-lab: --grid ringSize: scenario migration-bitmap takes no parameter 'ringSize'; it takes: vcpus, gfns, events, /,
    );
    const seed = await cli(['sweep', '--grid', 'seed=1,2']);
    expect(seed.code).toBe(2);
    expect(seed.err).toBe('spte-lab: --grid seed: not a scenario parameter (seeds are --seeds)\n');
  });

  it('a --grid value outside a scenario’s range, or of the wrong kind, is exit 2 naming the scenario', async () => {
    for (const [grid, message] of [
      [
        'gfns=8,0',
        `spte-lab: --grid: scenario migration-bitmap: parameter 'gfns' (--gfns) must be an integer from 1 to ${MAX_GFNS}; got 0\n`,
      ],
      [
        'gfns=eight',
        `spte-lab: --grid: scenario migration-bitmap: parameter 'gfns' (--gfns) must be an integer from 1 to ${MAX_GFNS}; got 'eight'\n`,
      ],
      [
        'pattern=uniform,spiral',
        expect.stringMatching(
          /^spte-lab: --grid: scenario migration-bitmap: parameter 'pattern' \(--pattern\) must be one of uniform, /,
        ),
      ],
      [
        'writeShare=0.6 --grid execShare=0.5',
        expect.stringMatching(
          /^spte-lab: --grid: scenario migration-bitmap: writeShare \+ execShare must be at most 1; got 0\.6 \+ 0\.5\n$/,
        ),
      ],
    ] as const) {
      const r = await cli([
        'sweep',
        '-s',
        'migration-bitmap',
        ...grid.split(' ').flatMap((g, i) => (i === 0 ? ['--grid', g] : [g])),
      ]);
      expect(r.code, grid).toBe(2);
      expect(r.err, grid).toEqual(message);
    }
  });

  it('--grid syntax errors are usage errors (exit 2)', async () => {
    for (const [argv, why] of [
      [['--grid', 'gfns'], "'gfns' is not key=value1,value2,…"],
      [['--grid', 'gfns=4,,8'], "'gfns=4,,8': a value is empty"],
      [['--grid', 'gfns=4,4'], "'gfns=4,4': 4 is listed twice (its runs would count twice)"],
      [
        ['--grid', 'gfns=4', '--grid', 'gfns=8'],
        "'gfns' is given twice; list all its values in one --grid",
      ],
    ] as const) {
      const r = await cli(['sweep', ...argv]);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err.split('\n')[0]).toBe(
        `error: option '--grid <key=values>' argument '${argv[argv.length - 1]}' is invalid. ${why}`,
      );
    }
  });

  it('--shard syntax: i/n with 1 ≤ i ≤ n, else exit 2', async () => {
    for (const [shard, why] of [
      [
        '0/2',
        "'0/2': shards are numbered 1 to 2 (for a 0-based index such as JOB_COMPLETION_INDEX, add 1)",
      ],
      [
        '3/2',
        "'3/2': shards are numbered 1 to 2 (for a 0-based index such as JOB_COMPLETION_INDEX, add 1)",
      ],
      ['1/0', "'1/0': n must be at least 1"],
      ['x', "'x' is not i/n, e.g. 1/3"],
      ['1', "'1' is not i/n, e.g. 1/3"],
    ] as const) {
      const r = await cli(['sweep', '--shard', shard]);
      expect(r.code, shard).toBe(2);
      expect(r.err.split('\n')[0]).toBe(
        `error: option '--shard <i/n>' argument '${shard}' is invalid. ${why}`,
      );
      expect(r.err.split('\n')[1]).toBe('Usage: spte-lab sweep [options]');
    }
    const csv = await cli(['sweep', ...GRID, '--shard', '1/2', '--format', 'csv']);
    expect(csv.code).toBe(2);
    expect(csv.err).toBe(
      "spte-lab: --shard writes the JSON shard document for 'spte-lab merge'; render the merged result with --format csv\n",
    );
  });

  it('--workers must be a whole number of at least 1', async () => {
    const r = await cli(['sweep', '--workers', '0']);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe(
      "error: option '-w, --workers <k>' argument '0' is invalid. '0' is not a whole number of at least 1",
    );
  });
});
