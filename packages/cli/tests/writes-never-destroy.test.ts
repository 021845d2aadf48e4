import { execFileSync, spawn } from 'node:child_process';
import {
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cli, SMALL } from './helpers.js';

const isRoot = process.getuid?.() === 0;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'spte-lab-writes-'));
});

/** Starts `cat FIFO` so a writer opening the FIFO finds a reader; resolves to what it read. */
function readFifo(path: string): Promise<string> {
  const reader = spawn('cat', [path]);
  let text = '';
  reader.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return new Promise((done) => reader.on('close', () => done(text)));
}

describe('--out never destroys its target', () => {
  it('writes through a symlink: the link stays a link, its target gets the report', async () => {
    writeFileSync(join(dir, 'real.json'), 'old');
    symlinkSync('real.json', join(dir, 'link.json'));
    const { code } = await cli(['compare', ...SMALL, '--out', 'link.json', '--quiet'], {
      cwd: dir,
    });
    expect(code).toBe(0);
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.json'))).toBe('real.json');
    expect(JSON.parse(readFileSync(join(dir, 'real.json'), 'utf8')).schemaVersion).toBeTypeOf(
      'number',
    );
    expect(readdirSync(dir).sort()).toEqual(['link.json', 'real.json']);
  });

  it("'-' is standard output", async () => {
    const { code, out } = await cli(['compare', ...SMALL, '--format', 'json', '--out', '-'], {
      cwd: dir,
    });
    expect(code).toBe(0);
    expect(JSON.parse(out).runs.length).toBeGreaterThan(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('streams a report into a FIFO, which stays a FIFO', async () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const read = readFifo(fifo);
    const { code } = await cli(['compare', ...SMALL, '--format', 'csv', '--out', fifo, '-q']);
    expect(code).toBe(0);
    expect(await read).toMatch(/^scenario,policy,/);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['pipe']);
  });

  it('streams a recorded trace into a FIFO (trace record)', async () => {
    const fifo = join(dir, 'trace-pipe');
    execFileSync('mkfifo', [fifo]);
    const read = readFifo(fifo);
    const args = ['trace', 'record', '-s', 'migration-bitmap', '--events', '200', '-q'];
    const { code, err } = await cli([...args, '--out', fifo]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const lines = (await read).trim().split('\n');
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ kind: 'end' });
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it.runIf(isRoot)(
    'writes onto a character device made for the test, which stays a device node',
    async () => {
      const node = join(dir, 'null');
      execFileSync('mknod', [node, 'c', '1', '3']); // /dev/null's major/minor
      const report = await cli(['compare', ...SMALL, '--format', 'json', '--out', node, '-q']);
      expect(report.code).toBe(0);
      const trace = await cli(['trace', 'record', '-s', 'migration-bitmap', '-o', node, '-q']);
      expect(trace.code).toBe(0);
      expect(statSync(node).isCharacterDevice()).toBe(true);
      expect(readdirSync(dir)).toEqual(['null']);
    },
  );
  it.skipIf(isRoot)('(the device-node case needs root to mknod: skipped)', () => {
    expect(isRoot).toBe(false);
  });

  it('refuses a directory as --out in one line, exit 2', async () => {
    const { code, err } = await cli(['compare', ...SMALL, '--out', dir]);
    expect(code).toBe(2);
    expect(err).toMatch(/^spte-lab: .*it is a directory\n$/);
  });
});

describe('trace import with nothing importable', () => {
  it('exits 2 with one line naming the input and writes nothing', async () => {
    writeFileSync(join(dir, 'notes.txt'), 'no tracepoints here\njust text\n');
    const { code, err } = await cli(
      ['trace', 'import', 'notes.txt', '--gfns', '512', '-o', 'out.jsonl'],
      {
        cwd: dir,
      },
    );
    expect(code).toBe(2);
    expect(err).toMatch(/^spte-lab: notes\.txt:1: no importable KVM tracepoint line .*\n$/);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });
});
