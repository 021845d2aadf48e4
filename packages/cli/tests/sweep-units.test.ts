import { describe, expect, it } from 'vitest';
import type { Progress } from '../src/progress.js';
import { runInOrder } from '../src/sweep/in-order.js';
import { runSweep } from '../src/sweep/run-sweep.js';
import { shardIndices } from '../src/sweep/shard-option.js';
import { gridRun, gridSize, type GridShape, type SweepSpec } from '../src/sweep/sweep-spec.js';
import { builtExecArgv } from '../src/sweep/worker-exec-argv.js';
import { loadCliPlugins } from '../src/plugins.js';
import { defaultCostModel } from '@spte-lab/tlb-model';
import { createSimulator } from '@spte-lab/simulator';
import { resolveGrid } from '../src/sweep/grid-option.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('runInOrder', () => {
  it('returns results in the order of the items, whatever order they complete in', async () => {
    const items = Array.from({ length: 24 }, (_, i) => i);
    const completed: number[] = [];
    // Later items finish first: the reverse of the order they start in.
    const results = await runInOrder(items, 4, async (item) => {
      await sleep(2 * (24 - item));
      completed.push(item);
      return `run ${item}`;
    });
    expect(completed).not.toEqual(items);
    expect(results).toEqual(items.map((i) => `run ${i}`));
  });

  it('uses at most `lanes` lanes, each with one item at a time', async () => {
    let running = 0;
    let most = 0;
    const lanesSeen = new Set<number>();
    await runInOrder([0, 1, 2, 3, 4, 5, 6], 3, async (_item, lane) => {
      lanesSeen.add(lane);
      most = Math.max(most, ++running);
      await sleep(3);
      running--;
    });
    expect(most).toBe(3);
    expect([...lanesSeen].sort()).toEqual([0, 1, 2]);
  });

  it('after a failure starts nothing new and throws the failure of the lowest item', async () => {
    const started: number[] = [];
    const error = await runInOrder([0, 1, 2, 3, 4, 5, 6, 7], 2, async (item) => {
      started.push(item);
      // Item 3 fails quickly, item 2 (started before it) fails slowly.
      if (item === 2) {
        await sleep(30);
        throw new Error('two');
      }
      if (item === 3) throw new Error('three');
      await sleep(1);
      return item;
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('two');
    expect(started).not.toContain(7);
  });
});

const shape: GridShape = {
  policies: ['p0', 'p1'],
  scenarios: ['s0', 's1', 's2'],
  grid: [
    { parameter: 'gfns', values: [4, 8] },
    { parameter: 'pattern', values: ['uniform', 'zipf', 'hot-cold'] },
  ],
  seeds: [5, 6],
};

describe('the grid', () => {
  it('numbers runs scenario × point × policy × seed, seed fastest, first axis slowest', () => {
    expect(gridSize(shape)).toBe(3 * 6 * 2 * 2);
    const at = (i: number) => {
      const r = gridRun(shape, i);
      return [r.scenario, r.point, r.policy, r.seed];
    };
    expect(at(0)).toEqual(['s0', { gfns: 4, pattern: 'uniform' }, 'p0', 5]);
    expect(at(1)).toEqual(['s0', { gfns: 4, pattern: 'uniform' }, 'p0', 6]);
    expect(at(2)).toEqual(['s0', { gfns: 4, pattern: 'uniform' }, 'p1', 5]);
    expect(at(4)).toEqual(['s0', { gfns: 4, pattern: 'zipf' }, 'p0', 5]);
    expect(at(12)).toEqual(['s0', { gfns: 8, pattern: 'uniform' }, 'p0', 5]);
    expect(at(24)).toEqual(['s1', { gfns: 4, pattern: 'uniform' }, 'p0', 5]);
    expect(at(71)).toEqual(['s2', { gfns: 8, pattern: 'hot-cold' }, 'p1', 6]);
    expect(() => gridRun(shape, 72)).toThrow(RangeError);
    const keys = new Set(Array.from({ length: 72 }, (_, i) => JSON.stringify(at(i))));
    expect(keys.size).toBe(72); // every run once
  });

  it('shards partition the grid: disjoint, together every index, i ≡ index − 1 (mod n)', () => {
    for (const count of [1, 2, 3, 5, 100]) {
      const all = Array.from({ length: count }, (_, i) =>
        shardIndices(72, { index: i + 1, count }),
      );
      expect(all.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 72 }, (_, i) => i));
      all.forEach((indices, i) => expect(indices.every((x) => x % count === i)).toBe(true));
    }
    expect(shardIndices(5, { index: 7, count: 8 })).toEqual([]);
  });
});

describe('runSweep', () => {
  it('reports progress per run (done, total, the run under way) and stops the bar', async () => {
    const plugins = await loadCliPlugins([], process.cwd());
    const spec: SweepSpec = {
      policies: ['kvm-v6.13'],
      scenarios: ['migration-bitmap'],
      grid: [{ parameter: 'events', values: [50, 60] }],
      seeds: [1, 2],
      retention: 'adversarial',
      plugins: [],
      cwd: process.cwd(),
      costModel: defaultCostModel(),
    };
    const updates: [number, string][] = [];
    let stopped = false;
    const progress: Progress = {
      update: (done, label) => updates.push([done, label]),
      stop: () => (stopped = true),
    };
    const runs = await runSweep(spec, [0, 1, 2, 3], {
      workers: 1,
      progress,
      simulator: plugins.simulator(),
      pluginOf: plugins.pluginOf,
      stallTimeout: 60,
    });
    expect(runs.map((r) => [r.point, r.seed])).toEqual([
      [{ events: 50 }, 1],
      [{ events: 50 }, 2],
      [{ events: 60 }, 1],
      [{ events: 60 }, 2],
    ]);
    expect(updates[0]).toEqual([0, 'migration-bitmap · events=50 · kvm-v6.13 · seed 1']);
    expect(updates.at(-1)![0]).toBe(4);
    expect(updates.map(([done]) => done)).toEqual(
      [...updates.map(([d]) => d)].sort((a, b) => a - b),
    );
    expect(stopped).toBe(true);
  });
});

describe('builtExecArgv', () => {
  it('drops only the source condition from the flags a worker inherits', () => {
    expect(
      builtExecArgv([
        '--conditions',
        '@spte-lab/source',
        '--conditions',
        'node',
        '--conditions=@spte-lab/source',
        '--max-old-space-size=4096',
      ]),
    ).toEqual(['--conditions', 'node', '--max-old-space-size=4096']);
  });
});

describe('resolveGrid over the default scenario set (issue 22)', () => {
  const presets = ['migration-bitmap', 'write-track-initially-set'].map((name) =>
    createSimulator().scenario(name),
  );

  it('skips, and says why, a scenario that refuses a grid point; the others run', () => {
    const grid = resolveGrid([{ parameter: 'gfns', texts: ['8'] }], presets, true);
    expect(grid.presets.map((p) => p.name)).toEqual(['migration-bitmap']);
    expect(grid.axes).toEqual([{ parameter: 'gfns', values: [8] }]);
    expect(grid.skipped).toEqual([
      {
        scenario: 'write-track-initially-set',
        reason: expect.stringMatching(
          /^--grid: scenario write-track-initially-set: gfns must be at least 512/,
        ) as unknown as string,
      },
    ]);
  });

  it('scenarios named with -s must all take it; a grid none takes is an error', () => {
    expect(() => resolveGrid([{ parameter: 'gfns', texts: ['8'] }], presets, false)).toThrow(
      /gfns must be at least 512/,
    );
    expect(() => resolveGrid([{ parameter: 'gfns', texts: ['0'] }], presets, true)).toThrow(
      /^--grid: scenario migration-bitmap: .*got 0$/,
    );
  });
});
