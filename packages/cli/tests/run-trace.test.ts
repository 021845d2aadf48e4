import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readResultDocument } from '@spte-lab/reporter';
import { createSimulator } from '@spte-lab/simulator';
import type { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { bufferIo, buildProgram, type CliIo } from '../src/index.js';
import { registerRun } from '../src/commands/run.js';
import { registerTrace } from '../src/commands/trace.js';
import { runProgram } from '../src/program.js';

/** The CLI with `run` and `trace` registered (until program.ts lists them), in `cwd`. */
async function cli(argv: string[], cwd: string) {
  const io = bufferIo({ cwd });
  const program = buildProgram(io);
  for (const [name, register] of [
    ['run', registerRun],
    ['trace', registerTrace],
  ] as const) {
    if (program.commands.some((c) => c.name() === name)) continue;
    register(program, io);
    configure(
      program.commands.find((c) => c.name() === name)!,
      io,
    );
  }
  const code = await runProgram(program, argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

function configure(cmd: Command, io: CliIo): void {
  cmd.exitOverride().configureOutput({
    writeOut: (s) => io.out(s),
    writeErr: (s) => io.err(s),
    outputError: (s, write) => write(s),
  });
  for (const sub of cmd.commands) configure(sub, io);
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'spte-lab-run-trace-'));
});

describe('spte-lab run --trace', () => {
  it.each(createSimulator().scenarioNames())(
    '%s: a recorded trace replays to the live run (compare) stats and violations, bit for bit',
    async (scenario) => {
      const file = `${scenario}.jsonl`;
      expect(
        (await cli(['trace', 'record', '-s', scenario, '--seed', '6', '-o', file], dir)).code,
      ).toBe(0);
      for (const policy of ['kvm-v6.13', 'never']) {
        const replay = await cli(
          ['run', '--trace', file, '--policy', policy, '--format', 'json'],
          dir,
        );
        const live = await cli(
          [
            'compare',
            '--policies',
            policy,
            '--scenarios',
            scenario,
            '--seed',
            '6',
            '--format',
            'json',
          ],
          dir,
        );
        const replayed = readResultDocument(replay.out, 'replay').runs;
        expect(replayed).toEqual(readResultDocument(live.out, 'live').runs);
        expect(replay.code).toBe(replayed[0]!.violations.length > 0 ? 1 : 0);
      }
    },
  );

  it('prints a table by default; --seed replays the same events in another interleaving', async () => {
    await cli(
      ['trace', 'record', '-s', 'write-track-during-migration', '--seed', '2', '-o', 'w.jsonl'],
      dir,
    );
    const table = await cli(['run', '--trace', 'w.jsonl', '--policy', 'kvm-v6.13'], dir);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/│ write-track-during-migration /);
    expect(table.out).toMatch(/kvm-v6\.13/);
    const stats = async (seed: string) =>
      readResultDocument(
        (await cli(['run', '--trace', 'w.jsonl', '-p', 'kvm-v6.13', '--seed', seed, '--json'], dir))
          .out,
        'x',
      ).runs[0]!.stats;
    expect(await stats('2')).toEqual(await stats('2'));
    expect(await stats('3')).not.toEqual(await stats('2'));
  });

  it('exits 1 when the run reports a violation', async () => {
    await cli(['trace', 'record', '-s', 'migration-bitmap', '--seed', '2', '-o', 'm.jsonl'], dir);
    const { code, out } = await cli(
      ['run', '--trace', 'm.jsonl', '--policy', 'never', '--json'],
      dir,
    );
    expect(code).toBe(1);
    expect(readResultDocument(out, 'x').runs[0]!.violations.length).toBeGreaterThan(0);
  });

  it.each([
    [[], 'spte-lab: run: give exactly one of --replay <schedule> or --trace <file>\n'],
    [
      ['--trace', 'm.jsonl', '--replay', 'x.json'],
      'spte-lab: run: give exactly one of --replay <schedule> or --trace <file>\n',
    ],
    [['--trace', 'm.jsonl'], 'spte-lab: --trace needs --policy <name> (spte-lab list policies)\n'],
    [
      ['--replay', 'x.json', '--policy', 'never'],
      'spte-lab: run --replay: a schedule names its own policy and seed; --policy and --seed go with --trace\n',
    ],
  ])('%j is a usage error', async (args, message) => {
    const { code, err } = await cli(['run', ...args], dir);
    expect(code).toBe(2);
    expect(err).toBe(message);
  });

  it('an unknown policy, or a bad trace line met mid-run, is exit 2 with one line and no output', async () => {
    await cli(['trace', 'record', '-s', 'migration-bitmap', '-o', 'm.jsonl'], dir);
    const unknown = await cli(['run', '--trace', 'm.jsonl', '--policy', 'sometimes'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^spte-lab: unknown policy 'sometimes'/);
    const lines = readFileSync(join(dir, 'm.jsonl'), 'utf8').split('\n');
    lines[200] = '{"type":"access","vcpu":0,"gfn":1000,"access":"write"}';
    writeFileSync(join(dir, 'bad.jsonl'), lines.join('\n'));
    const bad = await cli(['run', '--trace', 'bad.jsonl', '--policy', 'kvm-v6.13'], dir);
    expect(bad.code).toBe(2);
    expect(bad.out).toBe('');
    expect(bad.err).toBe(
      'spte-lab: bad.jsonl:201: access: gfn 1000 is outside the VM (gfns 0–7)\n',
    );
  });
});
