import { describe, expect, it } from 'vitest';
import { bufferIo, runCli } from '../src/index.js';

async function cli(...argv: string[]) {
  const io = bufferIo();
  const code = await runCli(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('spte-lab (usage and errors)', () => {
  it('--help describes the tool and its commands', async () => {
    const { code, out } = await cli('--help');
    expect(code).toBe(0);
    expect(out).toMatch(/Usage: spte-lab/);
    expect(out).toMatch(/compare \[options\]\s+compare flush policies/);
    expect(out).toMatch(/Exit codes: 0 ok, 1 violations found/);
  });

  it('compare --help describes its options with examples', async () => {
    const { code, out } = await cli('compare', '--help');
    expect(code).toBe(0);
    expect(out).toMatch(/--policies <names>/);
    expect(out).toMatch(/Examples:/);
  });

  it('--version prints the package version', async () => {
    const { code, out } = await cli('--version');
    expect(code).toBe(0);
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('an unknown command prints a one-line error and the usage, exit 2', async () => {
    const { code, err } = await cli('frobnicate');
    expect(code).toBe(2);
    const lines = err.trim().split('\n');
    expect(lines[0]).toMatch(/^error: unknown command 'frobnicate'/);
    expect(lines[1]).toMatch(/^Usage: spte-lab/);
  });

  it('an unknown option prints a one-line error and the usage, exit 2', async () => {
    const { code, err } = await cli('compare', '--frob');
    expect(code).toBe(2);
    const lines = err.trim().split('\n');
    expect(lines[0]).toBe("error: unknown option '--frob'");
    expect(lines[1]).toBe('Usage: spte-lab compare [options]');
  });

  it('an unknown policy name is a one-line error naming it, exit 2, no stack trace', async () => {
    const { code, err, out } = await cli('compare', '--policies', 'kvm-v6.13,bogus');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^spte-lab: unknown policy 'bogus' \(known: /);
    expect(err).not.toMatch(/\n\s+at /);
  });
});

describe('spte-lab compare', () => {
  it('prints one table row per policy with numbers from the simulation', async () => {
    const { code, out } = await cli('compare', '--policies', 'kvm-v6.13,never', '--seed', '4');
    expect(code).toBe(0);
    expect(out).toMatch(/remote flush requests/);
    const rows = out.split('\n').filter((l) => /migration-bitmap/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/kvm-v6\.13/);
    expect(rows[1]).toMatch(/never/);
    expect(out).not.toMatch(/\u001b\[/); // not a TTY: no colour codes
  });

  it('--format json emits one document with a runs array', async () => {
    const { code, out } = await cli('compare', '--policies', 'kvm-v6.13,never', '--format', 'json');
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.runs).toHaveLength(2);
    for (const run of doc.runs) {
      expect(run).toEqual(
        expect.objectContaining({ policy: expect.any(String), scenario: 'migration-bitmap', seed: 1 }),
      );
      expect(typeof run.stats.remote_tlb_flush_requests).toBe('number');
      expect(Array.isArray(run.violations)).toBe(true);
    }
    expect(doc.command).toBe('spte-lab compare --policies kvm-v6.13,never --format json');
  });

  it('--fail-on-violation exits 1 when a policy loses writes', async () => {
    const ok = await cli('compare', '--policies', 'kvm-v6.13', '--fail-on-violation');
    expect(ok.code).toBe(0);
    const bad = await cli('compare', '--policies', 'never', '--seed', '2', '--fail-on-violation');
    expect(bad.code).toBe(1);
  });
});
