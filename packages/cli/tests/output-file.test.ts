import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEmbeddedResult, readResultDocument } from '@spte-lab/reporter';
import { beforeEach, describe, expect, it } from 'vitest';
import { cli, ESC, SMALL } from './helpers.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spte-lab-out-'));
});

describe('--out', () => {
  it('writes the report to the file, taking the format from the extension, and says so on stderr', async () => {
    const { code, out, err } = await cli(['compare', ...SMALL, '--out', 'report.html'], {
      cwd: dir,
    });
    expect(code).toBe(0);
    expect(out).toBe('');
    expect(err).toMatch(/^spte-lab: wrote the html report to report\.html \(\d+\.\d KiB\)\n$/);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(readEmbeddedResult(html, 'report.html').parameters.policies).toEqual([
      'kvm-v6.13',
      'never',
    ]);
    await expect(readdir(dir)).resolves.toEqual(['report.html']); // no temporary file left behind
  });

  it('--format wins over the extension; --quiet drops the note', async () => {
    const { code, err } = await cli(
      ['compare', ...SMALL, '--format', 'json', '--out', 'result.txt', '--quiet'],
      { cwd: dir },
    );
    expect(code).toBe(0);
    expect(err).toBe('');
    readResultDocument(await readFile(join(dir, 'result.txt'), 'utf8'), 'result.txt');
  });

  it('every extension picks its format', async () => {
    for (const [file, check] of [
      ['r.json', (t: string) => expect(JSON.parse(t).schemaVersion).toBe(3)],
      ['r.csv', (t: string) => expect(t).toMatch(/^scenario,policy,metric,/)],
      ['r.md', (t: string) => expect(t).toMatch(/^\*\*spte-lab comparison\*\*/)],
      ['r.txt', (t: string) => expect(t).toMatch(/^┌/)],
    ] as const) {
      expect((await cli(['compare', ...SMALL, '-o', file], { cwd: dir, isTTY: true })).code).toBe(
        0,
      );
      const text = await readFile(join(dir, file), 'utf8');
      check(text);
      expect(text).not.toContain(ESC); // a file never gets colour codes, even from a terminal
    }
  });

  it('a missing directory is exit 2 before anything runs, and no file is written', async () => {
    const { code, err } = await cli(['compare', '--out', 'nowhere/report.html'], { cwd: dir });
    expect(code).toBe(2);
    expect(err).toBe(
      "spte-lab: --out 'nowhere/report.html': the directory 'nowhere' does not exist\n",
    );
    await expect(readdir(dir)).resolves.toEqual([]);
  });

  it('a target that cannot be replaced is exit 2, and the old content stays', async () => {
    await writeFile(join(dir, 'keep.md'), 'old');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, 'taken.md'));
    const { code, err } = await cli(['compare', ...SMALL, '--out', 'taken.md'], { cwd: dir });
    expect(code).toBe(2);
    expect(err).toBe("spte-lab: cannot write 'taken.md': it is a directory\n");
    await expect(readdir(dir)).resolves.toEqual(['keep.md', 'taken.md']);
    await expect(readFile(join(dir, 'keep.md'), 'utf8')).resolves.toBe('old');
  });

  it('--fail-on-violation still writes the report, then exits 1', async () => {
    const { code } = await cli(['compare', ...SMALL, '--out', 'r.json', '--fail-on-violation'], {
      cwd: dir,
    });
    expect(code).toBe(1);
    const doc = readResultDocument(await readFile(join(dir, 'r.json'), 'utf8'), 'r.json');
    expect(doc.runs.some((r) => r.violations.length > 0)).toBe(true);
  });
});
