import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readResultDocument } from '@spte-lab/reporter';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

const RUN = ['compare', '-p', 'kvm-v6.13', '-s', 'migration-bitmap', '--format', 'json'];
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spte-lab-costs-'));
  await writeFile(
    join(dir, 'free-ipis.json'),
    JSON.stringify({ costs: { ipiRoundTrip: 0, ipiPerReceiver: 0 } }),
  );
  await writeFile(
    join(dir, 'bad.json'),
    JSON.stringify({ costs: { ipiRoundTrip: -5, warpDrive: 1 } }),
  );
});

describe('compare --cost-model', () => {
  it('runs with the merged table and records it in the document', async () => {
    const base = readResultDocument((await cli(RUN)).out, 'defaults');
    const { code, out } = await cli([...RUN, '--cost-model', 'free-ipis.json'], { cwd: dir });
    expect(code).toBe(0);
    const doc = readResultDocument(out, 'free');
    expect(doc.costModel.ipiRoundTrip).toEqual({
      cycles: 0,
      source: expect.stringContaining('free-ipis.json'),
      estimate: false,
    });
    expect(doc.costModel.vmExit).toEqual(base.costModel.vmExit);
    const cycles = (d: typeof doc) => d.runs[0]!.stats.cycles!;
    expect(base.runs[0]!.stats.ipis).toBeGreaterThan(0);
    expect(cycles(doc)).toBeLessThan(cycles(base)); // the IPIs are free now
    expect(doc.runs[0]!.stats.ipis).toBe(base.runs[0]!.stats.ipis); // counts do not change
  });

  it('a bad file is one line naming it and each problem, exit 2', async () => {
    const { code, err } = await cli([...RUN, '--cost-model', 'bad.json'], { cwd: dir });
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(
      /^spte-lab: --cost-model: invalid cost model in bad\.json: .*ipiRoundTrip.*cycles must be >= 0/,
    );
    const missing = await cli([...RUN, '--cost-model', 'nope.json'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^spte-lab: --cost-model: cannot read cost model nope\.json: /);
  });
});
