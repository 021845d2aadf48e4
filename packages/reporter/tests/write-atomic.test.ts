import * as fsp from 'node:fs/promises';
import { mkdtemp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { type AtomicWriteFs, writeFileAtomic } from '../src/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spte-lab-atomic-'));
});

describe('writeFileAtomic', () => {
  it('writes a new file and replaces an old one whole', async () => {
    const path = join(dir, 'report.html');
    await writeFileAtomic(path, 'first');
    await writeFileAtomic(path, 'second, longer');
    await expect(readFile(path, 'utf8')).resolves.toBe('second, longer');
    await expect(readdir(dir)).resolves.toEqual(['report.html']);
  });

  it('leaves the old file and no temporary file when writing fails half-way', async () => {
    const path = join(dir, 'report.md');
    await writeFile(path, 'the old report');
    const diskFull: AtomicWriteFs = {
      ...fsp,
      open: (async (...args: Parameters<typeof fsp.open>) => {
        const handle = await fsp.open(...args);
        handle.writeFile = async (data: unknown) => {
          await fsp.appendFile(args[0], String(data).slice(0, 3));
          throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        };
        return handle;
      }) as typeof fsp.open,
    };
    await expect(writeFileAtomic(path, 'a new report', diskFull)).rejects.toMatchObject({
      code: 'ENOSPC',
    });
    await expect(readFile(path, 'utf8')).resolves.toBe('the old report');
    await expect(readdir(dir)).resolves.toEqual(['report.md']);
  });

  it('removes the temporary file when the rename fails (the target is a directory)', async () => {
    const path = join(dir, 'out');
    await mkdir(path);
    await expect(writeFileAtomic(path, 'x')).rejects.toMatchObject({
      code: expect.stringMatching(/EISDIR|ENOTEMPTY|EEXIST/),
    });
    await expect(readdir(dir)).resolves.toEqual(['out']);
  });

  it('fails without creating anything when the directory does not exist', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'r.csv'), 'x')).rejects.toMatchObject({
      code: 'ENOENT',
    });
    await expect(readdir(dir)).resolves.toEqual([]);
  });
});
