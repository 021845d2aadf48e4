import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, SMALL } from './helpers.js';

let dir: string;
let json: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spte-lab-report-'));
  json = (await cli(['compare', ...SMALL, '--seeds', '1,2', '--format', 'json'])).out;
  await writeFile(join(dir, 'result.json'), json);
});

describe('spte-lab report', () => {
  it('renders a saved result as the same table compare printed', async () => {
    const direct = await cli(['compare', ...SMALL, '--seeds', '1,2']);
    const again = await cli(['report', 'result.json'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.out).toBe(direct.out);
  });

  it('converts JSON → HTML → CSV without losing the data', async () => {
    expect((await cli(['report', 'result.json', '-o', 'r.html', '-q'], { cwd: dir })).code).toBe(0);
    const fromHtml = await cli(['report', 'r.html', '--format', 'csv'], { cwd: dir });
    const fromJson = await cli(['report', 'result.json', '--format', 'csv'], { cwd: dir });
    expect(fromHtml.code).toBe(0);
    expect(fromHtml.out).toBe(fromJson.out);
    const back = await cli(['report', 'r.html', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(back.out)).toEqual(JSON.parse(json));
  });

  it('--baseline re-takes the ratios; --fail-on-violation looks at the saved runs', async () => {
    const { out } = await cli(['report', 'result.json', '--baseline', 'never', '--format', 'md'], {
      cwd: dir,
    });
    expect(out).toContain('never (baseline)');
    expect((await cli(['report', 'result.json', '--fail-on-violation'], { cwd: dir })).code).toBe(
      1,
    );
  });

  it('a broken file is one line naming the file and the field, exit 2', async () => {
    const doc = JSON.parse(json);
    doc.runs[1].stats.ipis = -3;
    await writeFile(join(dir, 'broken.json'), JSON.stringify(doc));
    const { code, err } = await cli(['report', 'broken.json'], { cwd: dir });
    expect(code).toBe(2);
    expect(err).toBe(
      'spte-lab: report: broken.json: not a valid spte-lab result: runs[1].stats.ipis: Too small: expected number to be >=0\n',
    );
  });

  it('a missing file, a non-JSON file, an HTML page without a result: exit 2, one line each', async () => {
    await writeFile(join(dir, 'notes.txt'), 'hello');
    await writeFile(join(dir, 'page.html'), '<html><body>hi</body></html>');
    const cases: [string, RegExp][] = [
      ['missing.json', /^spte-lab: report: cannot read 'missing\.json': no such file\n$/],
      ['notes.txt', /^spte-lab: report: notes\.txt: not valid JSON \(.*\)\n$/],
      [
        'page.html',
        /^spte-lab: report: page\.html: an HTML file without an embedded spte-lab result document\n$/,
      ],
    ];
    for (const [file, message] of cases) {
      const { code, err } = await cli(['report', file], { cwd: dir });
      expect(code, file).toBe(2);
      expect(err).toMatch(message);
    }
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('hello');
  });
});
