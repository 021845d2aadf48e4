import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { undecidedCauses } from '../src/audit/audit-summary.js';
import { bufferIo, runCli } from '../src/index.js';

async function cli(...argv: string[]) {
  const io = bufferIo();
  const code = await runCli(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

/** The init-set race's corner of the quick matrix: three operations, one memslot mode. */
const INIT_SET = [
  '--ops',
  'clear_dirty_log,write_track_add,account_shadowed',
  '--modes',
  'initially-set',
];

/** `audit` of kvm-v6.13 over that corner, inline, with more arguments. */
const auditInitSet = (...more: string[]) =>
  cli('audit', '--policies', 'kvm-v6.13', ...INIT_SET, '-w', '1', ...more);

describe('spte-lab audit', () => {
  it('reports the init-set race as a kvm-v6.13 root cause, decided as the finding on file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spte-audit-'));
    // Decided: --fail-on-undecided lets it pass (exit 0).
    const { code, out } = await auditInitSet('--json', '--replays', dir, '--fail-on-undecided');
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    // Without its finding the same root cause is undecided triage, and only for kernel policies.
    const bare = {
      ...doc,
      rootCauses: doc.rootCauses.map((c: object) => ({ ...c, finding: undefined })),
    };
    expect(undecidedCauses(bare)).toHaveLength(doc.rootCauses.length);
    const renamed = {
      ...bare,
      rootCauses: bare.rootCauses.map((c: object) => ({ ...c, policies: ['w-bit-only'] })),
    };
    expect(undecidedCauses(renamed)).toEqual([]);
    expect(doc.kind).toBe('spte-lab-audit');
    expect(doc.totals.configurations).toBe(doc.entries.length);
    expect(doc.totals.unsafe).toBeGreaterThan(0);
    for (const cause of doc.rootCauses) {
      expect(cause.transition).toBe('init_set_huge_write_protect: L2 W=1 MW=1 → W=0 MW=0');
      expect(cause.finding).toBe('docs/findings/initially-set-write-track.md');
    }
    // Each root cause's shortest counterexample is a replay file that reproduces it.
    const files = readdirSync(dir).sort();
    expect(files).toEqual(
      doc.rootCauses.map((_: unknown, i: number) => `root-cause-${i + 1}.json`),
    );
    const replay = await cli('run', '--replay', join(dir, files[0]!));
    expect(replay.code).toBe(1);
    expect(replay.out).toMatch(/VIOLATION \(write-track\)/);
  });

  it('renders the matrix as an HTML grid coloured by verdict, linking each unsafe square to its root cause and trace, and as Markdown', async () => {
    const html = await auditInitSet('--format', 'html');
    expect(html.code).toBe(0);
    expect(html.out).toMatch(/^<!doctype html>/);
    expect(html.out).toMatch(
      /<a href="#cause-1"><span class="sq" style="background:#c62828" title="[^"]*: unsafe/,
    );
    expect(html.out).toMatch(/<section id="cause-1">/);
    expect(html.out).toContain('init_set_huge_write_protect');
    expect(html.out).toMatch(/<span class="sq" style="background:#2e7d32" title="[^"]*: safe/);
    const md = await auditInitSet('--format', 'md');
    expect(md.out).toMatch(/^\| kvm-v6\.13 \| \d+ \| [1-9]\d* \| \d+ \| \d+ \|$/m);
    expect(md.out).toMatch(/decided: docs\/findings\/initially-set-write-track\.md/);
  });

  it('reports w-bit-only unsafe, and --fail-on-violation exits 1', async () => {
    const { code, out } = await cli(
      'audit',
      '--policies',
      'w-bit-only',
      '--ops',
      'get_dirty_log,write_track_add',
      '--modes',
      'bitmap',
      '-w',
      '1',
      '--fail-on-violation',
    );
    expect(code).toBe(1);
    expect(out).toMatch(/^w-bit-only\s+\d+\s+[1-9]\d*\s+/m);
    expect(out).toMatch(
      /write-track: kvm_write_track_add_gfn: L1 W=0 MW=1 → W=0 MW=0|Root causes: [1-9]/,
    );
    expect(out).toMatch(/not a kernel policy/);
  });

  it('splits into shards whose entries together are the whole audit, on worker threads too', async () => {
    const args = ['audit', '--policies', 'kvm-v6.13', ...INIT_SET, '--json'];
    const whole = JSON.parse((await cli(...args, '-w', '1')).out);
    const one = JSON.parse((await cli(...args, '-w', '2', '--shard', '1/2')).out);
    const two = JSON.parse((await cli(...args, '-w', '1', '--shard', '2/2')).out);
    expect(one.shard).toEqual({ index: 1, count: 2 });
    const key = (e: { policy: string; cell: string; verdict: string; statesExplored: number }) =>
      `${e.policy} ${e.cell} ${e.verdict} ${e.statesExplored}`;
    expect([...one.entries, ...two.entries].map(key).sort()).toEqual(whole.entries.map(key).sort());
    // merge puts them back: the document the unsharded audit writes (times aside).
    const dir = mkdtempSync(join(tmpdir(), 'spte-audit-merge-'));
    writeFileSync(join(dir, 'a2.json'), JSON.stringify(two));
    writeFileSync(join(dir, 'a1.json'), JSON.stringify(one));
    const merged = await cli(
      'merge',
      join(dir, 'a2.json'),
      join(dir, 'a1.json'),
      '--format',
      'json',
    );
    expect(merged.code).toBe(0);
    const timeless = (d: { entries: { seconds: number }[] }) => ({
      ...d,
      entries: d.entries.map((e) => ({ ...e, seconds: 0 })),
    });
    expect(timeless(JSON.parse(merged.out))).toEqual(timeless(whole));
    const lonely = await cli('merge', join(dir, 'a1.json'));
    expect(lonely.code).toBe(2);
    expect(lonely.err).toMatch(/shard 2\/2 missing/);
  }, 120_000);

  it('reports a skipped configuration with its reason, never as safe', async () => {
    const { out } = await cli(
      'audit',
      '--policies',
      'kvm-v6.13',
      '--ops',
      'get_dirty_log,clear_young',
      '--modes',
      'ring',
      '-w',
      '1',
      '--json',
    );
    const doc = JSON.parse(out);
    expect(doc.entries.length).toBeGreaterThan(0);
    for (const e of doc.entries) {
      expect(e.verdict).toBe('skipped');
      expect(e.reason).toMatch(/^kernel: .*-ENXIO/);
    }
  });

  it('rejects an unknown operation or mode, and too few operations, with one line and exit 2', async () => {
    const op = await cli('audit', '--ops', 'get_dirty_log,nope');
    expect(op.code).toBe(2);
    expect(op.err).toMatch(/'nope' is not an operation/);
    const mode = await cli('audit', '--modes', 'sideways');
    expect(mode.code).toBe(2);
    expect(mode.err).toMatch(/'sideways' is not a memslot mode/);
    const few = await cli('audit', '--ops', 'get_dirty_log');
    expect(few.code).toBe(2);
    expect(few.err).toMatch(/2 are needed/);
  });
});
