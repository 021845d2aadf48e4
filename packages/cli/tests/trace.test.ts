import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { beforeEach, describe, expect, it } from 'vitest';
import { bufferIo, buildProgram, type CliIo } from '../src/index.js';
import { registerTrace } from '../src/commands/trace.js';
import { runProgram } from '../src/program.js';

/** The CLI with `trace` registered (until program.ts lists it), run in-process in `cwd`. */
async function cli(argv: string[], cwd: string) {
  const io = bufferIo({ cwd });
  const program = buildProgram(io);
  if (!program.commands.some((c) => c.name() === 'trace')) {
    registerTrace(program, io);
    configure(
      program.commands.find((c) => c.name() === 'trace')!,
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

const fixture = (name: string) =>
  join(import.meta.dirname, '../../workload-gen/tests/fixtures', name);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'spte-lab-trace-cli-'));
});

describe('spte-lab trace record', () => {
  it('writes a trace of the scenario, byte-identical for the same seed and parameters', async () => {
    const args = ['trace', 'record', '-s', 'migration-ring', '--seed', '4', '--gfns', '32'];
    const first = await cli([...args, '-o', 'a.jsonl'], dir);
    expect(first.code).toBe(0);
    expect(first.out).toBe('');
    expect(first.err).toMatch(
      /^spte-lab: recorded \d+ events of migration-ring \(seed 4\) to a\.jsonl \(\d+\.\d KiB\)\n$/,
    );
    expect((await cli([...args, '-o', 'b.jsonl'], dir)).code).toBe(0);
    expect(readFileSync(join(dir, 'a.jsonl'))).toEqual(readFileSync(join(dir, 'b.jsonl')));
    expect(readdirSync(dir).sort()).toEqual(['a.jsonl', 'b.jsonl']);
  });

  it('takes every parameter as a flag (and --set name=value), and records them in the header', async () => {
    const { code } = await cli(
      [
        'trace',
        'record',
        '-s',
        'host-reclaim',
        '-o',
        't.jsonl',
        '--events',
        '50',
        '--vcpus',
        '3',
        '--spte-format',
        'ept',
        '--host-mm-rate',
        '5',
        '--vcpu-rate',
        '2',
        '--pattern',
        'zipf',
        '--set',
        'zipfS=1.5',
      ],
      dir,
    );
    expect(code).toBe(0);
    const header = JSON.parse(readFileSync(join(dir, 't.jsonl'), 'utf8').split('\n')[0]!);
    expect(header.params).toMatchObject({
      events: 50,
      vcpus: 3,
      spteFormat: 'ept',
      pattern: 'zipf',
      zipfS: 1.5,
    });
    expect(header.setup).toMatchObject({
      format: 'ept',
      rates: { vcpu: 2, hostMm: 5, vmm: 1, tracker: 1 },
    });
    const init = await cli(
      ['trace', 'record', '-s', 'migration-clear-log', '--initially-set', '-o', 'i.jsonl'],
      dir,
    );
    expect(init.code).toBe(0);
    const initHeader = JSON.parse(readFileSync(join(dir, 'i.jsonl'), 'utf8').split('\n')[0]!);
    expect(initHeader.setup.vm).toEqual({ manualProtect: true, initiallySet: true });
  });

  it('lists the scenario parameters in its help', async () => {
    const { code, out } = await cli(['trace', 'record', '--help'], dir);
    expect(code).toBe(0);
    expect(out).toMatch(
      /Scenario parameters \(each scenario takes some; spte-lab list scenarios\):/,
    );
    expect(out).toMatch(
      /--ring-size <value> +entries per vCPU ring \(an integer from 2 to 65536\)/,
    );
    expect(out).toMatch(/--initially-set \[value\]/);
  });

  it.each([
    [['-s', 'nope'], /^spte-lab: unknown scenario 'nope'/],
    [
      ['-s', 'migration-bitmap', '--gfns', '0'],
      /^spte-lab: parameter 'gfns' \(--gfns\) must be an integer from 1 to 16777216; got 0\n$/,
    ],
    [
      ['-s', 'migration-bitmap', '--gfns', 'many'],
      /^spte-lab: parameter 'gfns' \(--gfns\) must be an integer from 1 to 16777216; got 'many'\n$/,
    ],
    [
      ['-s', 'shadow-paging', '--spte-format', 'ept'],
      /^spte-lab: parameter 'spteFormat' \(--spte-format\) must be one of legacy; got 'ept'\n$/,
    ],
    [
      ['-s', 'migration-bitmap', '--set', 'ringSize=8'],
      /^spte-lab: scenario migration-bitmap takes no parameter 'ringSize' \(--ring-size\); it takes: /,
    ],
    [
      ['-s', 'migration-bitmap', '--set', 'hotShare'],
      /^spte-lab: --set: 'hotShare' is not name=value\n$/,
    ],
    [
      ['-s', 'migration-bitmap', '--ring-size', '8'],
      /^spte-lab: scenario migration-bitmap takes no parameter 'ringSize' \(--ring-size\)/,
    ],
    [
      ['-s', 'migration-bitmap', '--tracker-rate', '101'],
      /^spte-lab: parameter 'trackerRate' \(--tracker-rate\) must be an integer from 0 to 100; got 101\n$/,
    ],
    [
      ['-s', 'migration-clear-log', '--initially-set', 'maybe'],
      /'initiallySet' \(--initially-set\) must be true or false; got 'maybe'/,
    ],
    [
      ['-s', 'migration-bitmap', '--set', 'writeShare=0.9', '--set', 'execShare=0.2'],
      /writeShare \+ execShare must be at most 1/,
    ],
  ])('%j is exit 2 with one line, and writes nothing', async (args, message) => {
    const { code, out, err } = await cli(['trace', 'record', ...args, '-o', 'x.jsonl'], dir);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(message);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a missing output directory is an error before anything runs', async () => {
    const { code, err } = await cli(['trace', 'record', '-s', 'mixed', '-o', 'no/x.jsonl'], dir);
    expect(code).toBe(2);
    expect(err).toBe("spte-lab: --out 'no/x.jsonl': the directory 'no' does not exist\n");
  });
});

describe('spte-lab trace stats', () => {
  it('counts what a trace holds', async () => {
    await cli(['trace', 'record', '-s', 'migration-bitmap', '--seed', '2', '-o', 'm.jsonl'], dir);
    const { code, out } = await cli(['trace', 'stats', 'm.jsonl'], dir);
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toBe(
      'm.jsonl: migration-bitmap, seed 2, 2 vCPUs, 8 gfns, format ept, MMU tdp',
    );
    expect(lines[1]).toBe('generator: @spte-lab/workload-gen 0.1.0');
    expect(out).toMatch(/\n {2}get_dirty_log +8\n/);
    expect(out).toMatch(/\n {2}final_harvest +1\n/);
    expect(out).toMatch(/\naccesses: read \d+, write \d+, exec 0; per vCPU \d+, \d+\n/);
    const json = JSON.parse((await cli(['trace', 'stats', 'm.jsonl', '--json'], dir)).out);
    expect(json.header.scenario).toBe('migration-bitmap');
    expect(json.stats.byType.enable_dirty_logging).toBe(1);
    expect(json.stats.events).toBe(
      Object.values(json.stats.byType as Record<string, number>).reduce((a, b) => a + b),
    );
  });

  it.each([
    ['{"type":"get_dirty_log"', 'bad.jsonl:2: not valid JSON'],
    ['{"type":"warp"}', "bad.jsonl:2: unknown event type 'warp'"],
    [
      '{"type":"write_track_add","gfn":99}',
      'bad.jsonl:2: write_track_add: gfn 99 is outside the VM (gfns 0–7)',
    ],
    [
      '{"type":"guest_tlb_flush","vcpu":5}',
      'bad.jsonl:2: guest_tlb_flush: vcpu 5 is outside the VM (vCPUs 0–1)',
    ],
  ])(
    'a bad line (%s) is exit 2 naming file:line, with nothing on stdout',
    async (line, message) => {
      await cli(['trace', 'record', '-s', 'migration-bitmap', '-o', 'm.jsonl'], dir);
      const header = readFileSync(join(dir, 'm.jsonl'), 'utf8').split('\n')[0];
      writeFileSync(join(dir, 'bad.jsonl'), `${header}\n${line}\n{"kind":"end","events":1}\n`);
      const { code, out, err } = await cli(['trace', 'stats', 'bad.jsonl'], dir);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toMatch(
        new RegExp(`^spte-lab: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );
      expect(err.trim().split('\n')).toHaveLength(1);
    },
  );

  it('a truncated trace names the line where it ends; a missing file is one line too', async () => {
    await cli(['trace', 'record', '-s', 'migration-bitmap', '-o', 'm.jsonl'], dir);
    const lines = readFileSync(join(dir, 'm.jsonl'), 'utf8').split('\n');
    writeFileSync(join(dir, 'cut.jsonl'), lines.slice(0, 101).join('\n') + '\n');
    const cut = await cli(['trace', 'stats', 'cut.jsonl'], dir);
    expect(cut.code).toBe(2);
    expect(cut.err).toBe(
      'spte-lab: cut.jsonl:102: the file ends without its end line after 100 events: it is truncated\n',
    );
    const missing = await cli(['trace', 'stats', 'none.jsonl'], dir);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe("spte-lab: cannot open 'none.jsonl': no such file or directory\n");
    const directory = await cli(['trace', 'stats', '.'], dir);
    expect(directory.code).toBe(2);
    expect(directory.err).toBe("spte-lab: cannot open '.': it is a directory\n");
  });
});

describe('spte-lab trace import', () => {
  it('imports tracepoint text, prints what it did with every line, and writes a trace', async () => {
    const { code, out, err } = await cli(
      [
        'trace',
        'import',
        fixture('trace-cmd-ept.txt'),
        '-o',
        'kvm.jsonl',
        '--gfns',
        '16',
        '--hva-base',
        '0x7f5a2c000000',
        '--age-as',
        'clear_young',
        '--migration',
      ],
      dir,
    );
    expect(code).toBe(0);
    expect(out).toMatch(/^read 23 lines: 22 tracepoint lines, 1 other lines\nimported 9 events:\n/);
    expect(out).toContain('    access: 4\n');
    expect(out).toContain('    clear_young: 1\n');
    expect(out).toContain('    kvm_page_fault: outside the modelled gfn window: 1 (line 16)\n');
    expect(out).toContain(
      "    kvm_entry: vCPU context: read only to learn the thread's vCPU: 3 (lines 3, 8, 9)\n",
    );
    expect(out).toContain('added (--migration): enable_dirty_logging first, final_harvest last\n');
    expect(err).toMatch(/^spte-lab: wrote 11 events \(2 vCPUs, 16 gfns\) to kvm\.jsonl/);
    const stats = await cli(['trace', 'stats', 'kvm.jsonl'], dir);
    expect(stats.out).toMatch(
      /^kvm\.jsonl: imported, seed 1, 2 vCPUs, 16 gfns, format ept, MMU tdp\n/,
    );
    expect(stats.out).toContain('from trace-cmd-ept.txt');
  });

  it('--shadow-paging sets the legacy format and the shadow MMU, and refuses others', async () => {
    const ok = await cli(
      [
        'trace',
        'import',
        fixture('shadow-paging.txt'),
        '-o',
        's.jsonl',
        '--gfns',
        '64',
        '--shadow-paging',
        '--json',
      ],
      dir,
    );
    expect(ok.code).toBe(0);
    const { header } = JSON.parse(ok.out);
    expect(header.setup).toMatchObject({ format: 'legacy', mmu: 'shadow', vm: { indirect: true } });
    const bad = await cli(
      [
        'trace',
        'import',
        fixture('shadow-paging.txt'),
        '-o',
        's2.jsonl',
        '--gfns',
        '64',
        '--shadow-paging',
        '--spte-format',
        'ept',
      ],
      dir,
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toBe(
      'spte-lab: --shadow-paging: shadow paging uses the legacy SPTE format and the shadow MMU\n',
    );
  });

  it.each([
    [['--gfns', '16', '--hva-base', '0x7f5a2c000010'], /'0x7f5a2c000010' is not page-aligned/],
    [['--gfns', '0'], /'0' is not an integer from 1 to 16777216/],
    [['--gfns', '16', '--dirty-ring', '100'], /'100' is not a power of two from 256 to 65536/],
    [[], /required option '--gfns <n>' not specified/],
  ])('%j is a usage error (exit 2), nothing written', async (args, message) => {
    const { code, err } = await cli(
      ['trace', 'import', fixture('perf-npt.txt'), '-o', 'x.jsonl', ...args],
      dir,
    );
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a missing input file is one line naming it as typed', async () => {
    const { code, err } = await cli(
      ['trace', 'import', 'kvm.txt', '-o', 'x.jsonl', '--gfns', '8'],
      dir,
    );
    expect(code).toBe(2);
    expect(err).toBe("spte-lab: cannot open 'kvm.txt': no such file or directory\n");
  });
});
