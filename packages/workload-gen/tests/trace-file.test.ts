import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  configurePreset,
  createRng,
  openTraceFile,
  recordScenario,
  scenarioPresets,
  traceHeaderFor,
  TraceFileError,
  type WorkloadEvent,
  writeTraceFile,
} from '../src/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'spte-lab-trace-'));
});

const bitmap = scenarioPresets['migration-bitmap'];
const header = traceHeaderFor(bitmap, 1);

/** A file of `lines` (the header first unless given), for the error cases. */
function file(lines: string[], withHeader = true): string {
  const path = join(dir, 't.jsonl');
  writeFileSync(path, [...(withHeader ? [JSON.stringify(header)] : []), ...lines].join('\n'));
  return path;
}

function readAll(path: string): WorkloadEvent[] {
  return [...openTraceFile(path, 't.jsonl').events];
}

function problem(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TraceFileError);
    return (error as Error).message;
  }
  throw new Error('expected a TraceFileError');
}

describe('recording', () => {
  it.each(Object.keys(scenarioPresets) as (keyof typeof scenarioPresets)[])(
    '%s: the same seed and parameters give byte-identical files; the events are the run’s',
    (name) => {
      const preset = scenarioPresets[name];
      const a = join(dir, 'a.jsonl');
      const b = join(dir, 'b.jsonl');
      recordScenario(preset, 7, a);
      recordScenario(preset, 7, b);
      expect(readFileSync(a)).toEqual(readFileSync(b));
      const trace = openTraceFile(a);
      expect([...trace.events]).toEqual([...preset.events(preset.defaults, createRng(7))]);
      recordScenario(preset, 8, b);
      expect(readFileSync(a)).not.toEqual(readFileSync(b));
    },
  );

  it('records the parameters and the VM set-up in the header', () => {
    const ring = configurePreset(scenarioPresets['migration-ring'], { ringSize: 32, gfns: 40 });
    const path = join(dir, 'ring.jsonl');
    recordScenario(ring, 3, path);
    const first = JSON.parse(readFileSync(path, 'utf8').split('\n')[0]!);
    expect(first).toMatchObject({
      kind: 'spte-lab-trace',
      schemaVersion: 1,
      generator: { name: '@spte-lab/workload-gen' },
      scenario: 'migration-ring',
      seed: 3,
      params: { gfns: 40, ringSize: 32, vcpus: 2 },
      setup: {
        format: 'ept',
        mmu: 'tdp',
        vm: { dirtyRing: { size: 32, softLimit: 28 } },
        rates: { vcpu: 1, vmm: 1, hostMm: 1, tracker: 1 },
      },
    });
    expect(openTraceFile(path).header).toEqual(first);
  });

  it('writes one canonical JSON object per line and an end line with the count', () => {
    const path = join(dir, 'x.jsonl');
    const events: WorkloadEvent[] = [
      { access: 'write', gfn: 3, vcpu: 1, type: 'access' } as unknown as WorkloadEvent,
      { type: 'clear_dirty_log', count: 64, first: 0 } as unknown as WorkloadEvent,
      { type: 'final_harvest' },
    ];
    expect(writeTraceFile(path, header, events).events).toBe(3);
    expect(readFileSync(path, 'utf8').split('\n').slice(1)).toEqual([
      '{"type":"access","vcpu":1,"gfn":3,"access":"write"}',
      '{"type":"clear_dirty_log","first":0,"count":64}',
      '{"type":"final_harvest"}',
      '{"kind":"end","events":3}',
      '',
    ]);
  });
});

describe('writing is all or nothing', () => {
  it('an event outside the VM names its line, and neither the file nor a temporary is left', () => {
    const path = join(dir, 'bad.jsonl');
    const message = problem(() =>
      writeTraceFile(
        path,
        header,
        [{ type: 'final_harvest' }, { type: 'write_track_add', gfn: 8 }],
        'bad.jsonl',
      ),
    );
    expect(message).toBe('bad.jsonl:3: write_track_add: gfn 8 is outside the VM (gfns 0–7)');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an exception from the event source leaves an existing file untouched', () => {
    const path = join(dir, 'keep.jsonl');
    writeFileSync(path, 'old contents');
    function* failing(): Generator<WorkloadEvent> {
      yield { type: 'get_dirty_log' };
      throw new Error('source failed');
    }
    expect(() => writeTraceFile(path, header, failing())).toThrow('source failed');
    expect(readFileSync(path, 'utf8')).toBe('old contents');
    expect(readdirSync(dir)).toEqual(['keep.jsonl']);
  });
});

describe('reading validates every line and names it', () => {
  const end = (n: number) => `{"kind":"end","events":${n}}`;

  it('reads a valid file back', () => {
    expect(readAll(file(['{"type":"get_dirty_log"}', end(1)]))).toEqual([
      { type: 'get_dirty_log' },
    ]);
  });

  it.each([
    [['{"type":"get_dirty_log"', end(0)], 't.jsonl:2: not valid JSON'],
    [['{"type":"teleport"}', end(1)], "t.jsonl:2: unknown event type 'teleport' (known: access, "],
    [
      ['{"type":"access","vcpu":0,"gfn":8,"access":"read"}'],
      't.jsonl:2: access: gfn 8 is outside the VM (gfns 0–7)',
    ],
    [
      ['{"type":"access","vcpu":2,"gfn":0,"access":"read"}'],
      't.jsonl:2: access: vcpu 2 is outside the VM (vCPUs 0–1)',
    ],
    [
      ['{"type":"access","vcpu":0,"gfn":1,"access":"jump"}'],
      't.jsonl:2: access: access "jump" must be one of read, write, exec',
    ],
    [['{"type":"access","vcpu":0,"gfn":1}'], 't.jsonl:2: an access event needs "access"'],
    [
      ['{"type":"get_dirty_log","gfn":1}'],
      't.jsonl:2: unexpected field "gfn" in a get_dirty_log event',
    ],
    [
      ['{"type":"clear_dirty_log","first":1,"count":4}'],
      't.jsonl:2: clear_dirty_log: first 1 is not 64-aligned',
    ],
    [['[1,2]'], 't.jsonl:2: expected a JSON object (an event)'],
    [['', end(0)], 't.jsonl:2: empty line'],
    [
      ['{"type":"get_dirty_log"}', end(2)],
      't.jsonl:3: the end line counts 2 events but the file has 1',
    ],
    [[end(0), '{"type":"get_dirty_log"}'], 't.jsonl:3: content after the end line'],
  ])('%j → %s', (lines, message) => {
    expect(problem(() => readAll(file(lines)))).toContain(message);
  });

  it('a truncated file (no end line, or cut inside a line) is an error naming where it ends', () => {
    expect(problem(() => readAll(file(['{"type":"get_dirty_log"}'])))).toBe(
      't.jsonl:3: the file ends without its end line after 1 events: it is truncated',
    );
    expect(problem(() => readAll(file(['{"type":"get_dirty_log"}', '{"type":"acc'])))).toMatch(
      /^t\.jsonl:3: not valid JSON: .* \(the line has no newline: is the file truncated\?\)$/,
    );
  });

  it('checks the header when the file is opened', () => {
    expect(problem(() => openTraceFile(file([], false), 't.jsonl'))).toBe(
      't.jsonl:1: empty file: a trace starts with a header line',
    );
    expect(
      problem(() => openTraceFile(file(['{"type":"get_dirty_log"}'], false), 't.jsonl')),
    ).toMatch(/^t\.jsonl:1: not a spte-lab trace/);
    const v2 = { ...header, schemaVersion: 2 };
    writeFileSync(join(dir, 'v2.jsonl'), `${JSON.stringify(v2)}\n`);
    expect(problem(() => openTraceFile(join(dir, 'v2.jsonl'), 'v2.jsonl'))).toBe(
      'v2.jsonl:1: schemaVersion 2 is not supported; this spte-lab reads schemaVersion 1',
    );
    const noGfns = { ...header, params: { vcpus: 2, events: 1 } };
    writeFileSync(join(dir, 'h.jsonl'), `${JSON.stringify(noGfns)}\n`);
    expect(problem(() => openTraceFile(join(dir, 'h.jsonl'), 'h.jsonl'))).toMatch(
      /^h\.jsonl:1: bad header: params\.gfns: /,
    );
  });

  it('streams: events before a bad line arrive before the error (nothing is read ahead)', () => {
    const path = file(['{"type":"get_dirty_log"}', '{"type":"get_dirty_log"}', 'garbage', end(2)]);
    const it = openTraceFile(path, 't.jsonl').events[Symbol.iterator]();
    expect(it.next().value).toEqual({ type: 'get_dirty_log' });
    expect(it.next().value).toEqual({ type: 'get_dirty_log' });
    expect(() => it.next()).toThrow(/^t\.jsonl:4: not valid JSON/);
  });

  it('reads a long trace in constant memory, in chunks', () => {
    const long = configurePreset(scenarioPresets.mixed, { events: 200_000, gfns: 4096 });
    const path = join(dir, 'long.jsonl');
    const written = recordScenario(long, 1, path);
    expect(written.bytes).toBeGreaterThan(1 << 22); // several 64 KiB chunks
    let count = 0;
    for (const _ of openTraceFile(path).events) count++;
    expect(count).toBe(written.events);
  });
});
