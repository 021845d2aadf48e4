import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bufferIo, runCli } from '../src/index.js';

async function cli(...argv: string[]) {
  const io = bufferIo();
  const code = await runCli(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('spte-lab check and run --replay', () => {
  it('prints the initially-set race for kvm-v6.13 with eager split off, exit 1, and saves a replay file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spte-check-'));
    const file = join(dir, 'race.json');
    const { code, out } = await cli(
      'check',
      '--policy',
      'kvm-v6.13',
      '--scenario',
      'write-track-initially-set',
      '--eager-split',
      'off',
      '--out',
      file,
    );
    expect(code).toBe(1);
    expect(out).toMatch(/UNSAFE: write-track violation; the shortest counterexample has 7 steps/);
    expect(out).toMatch(/init_set_huge_write_protect\s+SPTE L2 .*W=1 MW=1 → W=0 MW=0/);
    expect(JSON.parse(readFileSync(file, 'utf8')).kind).toBe('spte-lab-schedule');

    const replay = await cli('run', '--replay', file);
    expect(replay.code).toBe(1);
    expect(replay.out).toMatch(/VIOLATION \(write-track\): vCPU 0 wrote write-protected gfn 0/);
  });

  it('reports safe within the bound with eager split on, exit 0', async () => {
    const { code, out } = await cli(
      'check',
      '--policy',
      'kvm-v6.13',
      '--scenario',
      'write-track-initially-set',
      '--eager-split',
      'on',
    );
    expect(code).toBe(0);
    expect(out).toMatch(/SAFE within the bound/);
  });

  it('a depth bound that cut paths says so, not "every interleaving explored" (issue 22)', async () => {
    const cut = await cli('check', '--policy', 'kvm-v6.13', '--max-depth', '3');
    expect(cut.code).toBe(0);
    expect(cut.out).toMatch(/^SAFE within depth 3 \(the bound cut [\d,]+ paths: /m);
    expect(cut.out).not.toMatch(/every interleaving explored/);
    const whole = await cli('check', '--policy', 'kvm-v6.13');
    expect(whole.out).toMatch(/^SAFE within the bound: every interleaving explored/m);
  });

  it('--json prints the report as JSON', async () => {
    const { code, out } = await cli('check', '--policy', 'never', '--json');
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report.verdict).toBe('unsafe');
    expect(report.replay.schedule).toHaveLength(10);
  });

  it('bad input is one line and exit 2', async () => {
    const unknown = await cli('check', '--policy', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^spte-lab: unknown policy 'nope'/);
    const range = await cli('check', '--policy', 'kvm-v6.13', '--vcpus', '9');
    expect(range.code).toBe(2);
    expect(range.err).toMatch(/vcpus must be 1–3/);
    const ops = await cli('check', '--policy', 'kvm-v6.13', '--ops', 'frobnicate');
    expect(ops.code).toBe(2);
    expect(ops.err).toMatch(/'frobnicate' is not an operation/);
  });

  it('accepts the audit operations and --regions (issue 19), and replays their counterexample', async () => {
    const safe = await cli(
      'check',
      '--policy',
      'kvm-v6.13',
      '--mmu',
      'shadow',
      '--writes',
      '1',
      '--ops',
      'sync_page,get_dirty_log',
    );
    expect(safe.code).toBe(0);
    expect(safe.out).toMatch(/SAFE within the bound/);
    const dir = mkdtempSync(join(tmpdir(), 'spte-check-ops-'));
    const file = join(dir, 'remove.json');
    const unsafe = await cli(
      'check',
      '--policy',
      'never',
      '--regions',
      '2',
      '--ops',
      'get_dirty_log,write_track_remove',
      '--out',
      file,
    );
    expect(unsafe.code).toBe(1);
    expect(unsafe.out).toMatch(/UNSAFE/);
    expect(JSON.parse(readFileSync(file, 'utf8')).spec.regions).toBe(2);
    const replay = await cli('run', '--replay', file);
    expect(replay.code).toBe(1);
    const bad = await cli('check', '--policy', 'kvm-v6.13', '--regions', '3');
    expect(bad.code).toBe(2);
  });

  it('run --replay names a bad file and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spte-replay-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"kind":"something-else"}');
    const notSchedule = await cli('run', '--replay', bad);
    expect(notSchedule.code).toBe(2);
    expect(notSchedule.err).toMatch(/bad.json: not a spte-lab schedule file/);
    const missing = await cli('run', '--replay', join(dir, 'missing.json'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read .*missing.json: ENOENT/);
  });
});
