import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bufferIo, runCli } from '../src/index.js';

async function cli(...argv: string[]) {
  const io = bufferIo();
  const code = await runCli(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

const dir = mkdtempSync(join(tmpdir(), 'spte-selftest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function vectorFile(name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

// The example line of shared/vectors/spte/README.md, and a simple predicate.
const WRITE_PROTECT =
  '{"kernel":"v6.13","format":"ept","fn":"spte_write_protect","args":{"spte":"0x600000001234b77","pt_protect":true},"out":{"spte":"0x200000001234b75","flush":true,"changed":true}}';
const NOT_PRESENT =
  '{"kernel":"v6.13","format":"legacy","fn":"is_shadow_present_pte","args":{"spte":"0x0"},"out":false}';
const GOOD = [WRITE_PROTECT, NOT_PRESENT];

describe('spte-lab selftest', () => {
  it('passes a file whose lines all match', async () => {
    const { code, out } = await cli('selftest', '--vectors', vectorFile('good.jsonl', GOOD));
    expect(code).toBe(0);
    expect(out).toBe('2 passed, 0 failed\n');
  });

  it('reports a mismatch with function, format, arguments, expected and actual, exit 1', async () => {
    const wrong = WRITE_PROTECT.replace('"flush":true', '"flush":false');
    const { code, out, err } = await cli(
      'selftest',
      '--vectors',
      vectorFile('bad.jsonl', [NOT_PRESENT, wrong]),
    );
    expect(code).toBe(1);
    const lines = out.trimEnd().split('\n');
    expect(lines).toEqual([
      'line 2: spte_write_protect ept v6.13 args {"spte":"0x600000001234b77","pt_protect":true}: ' +
        'expected {"spte":"0x200000001234b75","flush":false,"changed":true}, ' +
        'actual {"spte":"0x200000001234b75","flush":true,"changed":true}',
      '1 passed, 1 failed',
    ]);
    expect(err).toBe('spte-lab: selftest: 1 of 2 vectors failed\n');
  });

  it('counts malformed lines as failed, with their line numbers', async () => {
    const file = vectorFile('malformed.jsonl', [
      WRITE_PROTECT,
      '{"kernel":"v6.13","format":"ept"',
      '',
      '{"kernel":"v6.13","format":"npt","fn":"is_large_pte","args":{"spte":"0x80"},"out":true}',
      '{"kernel":"v6.13","format":"ept","fn":"is_last_spte","args":{"spte":"0x80"},"out":true}',
      NOT_PRESENT,
    ]);
    const { code, out } = await cli('selftest', '--vectors', file);
    expect(code).toBe(1);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^line 2: cannot parse: not JSON/);
    expect(lines[1]).toBe('line 3: cannot parse: empty line');
    expect(lines[2]).toBe('line 4: cannot parse: unknown format "npt"');
    expect(lines[3]).toMatch(
      /^line 5: is_last_spte ept v6.13 .*argument "level" must be an integer$/,
    );
    expect(lines.at(-1)).toBe('2 passed, 4 failed');
  });

  it('a file with no vector line at all is the wrong file: one line, exit 2, nothing on stdout', async () => {
    const file = vectorFile('hostname.txt', ['vm-1', 'not a vector either']);
    const { code, out, err } = await cli('selftest', '--vectors', file);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(
      /^spte-lab: selftest: --vectors '.*hostname\.txt' is not a vector file: no line of it is a vector \(line 1: cannot parse: not JSON[^\n]*\)\n$/,
    );
  });

  it('resolves the path against the working directory', async () => {
    vectorFile('relative.jsonl', GOOD);
    const io = bufferIo({ cwd: dir });
    expect(await runCli(['selftest', '--vectors', 'relative.jsonl'], io)).toBe(0);
    expect(io.stdout()).toBe('2 passed, 0 failed\n');
  });

  it('rejects a missing file and an empty file with exit 2', async () => {
    const missing = await cli('selftest', '--vectors', join(dir, 'nope.jsonl'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^spte-lab: selftest: cannot read '.*nope\.jsonl': ENOENT/);
    writeFileSync(join(dir, 'empty.jsonl'), '');
    const empty = await cli('selftest', '--vectors', join(dir, 'empty.jsonl'));
    expect(empty.code).toBe(2);
    expect(empty.out).toBe('0 passed, 0 failed\n');
  });

  it('passes the kernel vector file vendored in spte-core', async () => {
    // The copy of shared/vectors/spte/kernel-vectors.jsonl in the repository (a fresh clone
    // has no ../shared); the cli's Nx test inputs name it.
    const here = dirname(fileURLToPath(import.meta.url));
    const file = resolve(here, '../../spte-core/tests/fixtures/vectors/kernel-vectors.jsonl');
    const { code, out, err } = await cli('selftest', '--vectors', file);
    expect(err).toBe('');
    expect(out).toMatch(/^\d+ passed, 0 failed\n$/);
    expect(code).toBe(0);
  });
});
