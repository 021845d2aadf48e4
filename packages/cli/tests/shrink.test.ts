import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bufferIo, runCli } from '../src/index.js';

async function cli(...argv: string[]) {
  const io = bufferIo();
  const code = await runCli(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('spte-lab shrink', () => {
  it('shrinks a violating run to a short stream, saves it, and run --trace reproduces it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spte-shrink-'));
    const file = join(dir, 'min.jsonl');
    const shrunk = await cli(
      'shrink',
      '--policy',
      'w-bit-only',
      '--scenario',
      'write-track-during-migration',
      '--seed',
      '1',
      '--kind',
      'write-track',
      '--out',
      file,
    );
    expect(shrunk.code).toBe(1);
    const [, from, to] = /(\d+) events shrunk to (\d+)/.exec(shrunk.out)!;
    expect(Number(to)).toBeLessThan(Number(from));
    // 1-minimal, but bystanders that shift the seeded schedule stay (simulator shrink test).
    expect(Number(to)).toBeLessThanOrEqual(Number(from) / 4);
    expect(readFileSync(file, 'utf8').split('\n')[0]).toMatch(/"kind":"spte-lab-trace"/);
    const replay = await cli('run', '--trace', file, '--policy', 'w-bit-only', '--format', 'json');
    expect(replay.code).toBe(1);
    expect(JSON.parse(replay.out).runs[0].violations[0].kind).toBe('write-track');
  }, 120_000);

  it('says so when the run does not violate, exit 0', async () => {
    const clean = await cli('shrink', '--policy', 'kvm-v6.13', '--scenario', 'migration-bitmap');
    expect(clean.code).toBe(0);
    expect(clean.out).toMatch(/nothing to shrink/);
  });

  it('an unknown scenario is one line, exit 2', async () => {
    const bad = await cli('shrink', '--policy', 'kvm-v6.13', '--scenario', 'nope');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^spte-lab: unknown scenario 'nope'/);
  });
});
