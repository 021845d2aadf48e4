import { parseArgs } from 'node:util';
import { checksum, machine, runBenchmark, type BenchResult } from './harness.js';
import { GROUPS } from './registry.js';
import type { ScalingRow } from './scaling/scaling.js';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    filter: { type: 'string' },
    repeats: { type: 'string', default: '11' },
    'target-ms': { type: 'string', default: '60' },
  },
});

const repeats = Number(values.repeats);
const targetMs = Number(values['target-ms']);
if (!Number.isInteger(repeats) || repeats < 1 || !(targetMs > 0)) {
  process.stderr.write('bench: --repeats must be a positive integer and --target-ms positive\n');
  process.exit(2);
}

const wanted = (name: string) => !values.filter || name.includes(values.filter);
const results: BenchResult[] = [];
// The shared reference loop, interleaved with every row (built only if a row is wanted).
const { referenceLoop } = await import('./benchmarks/reference.js');
const reference = referenceLoop(targetMs);
for (const group of GROUPS.filter((g) => g.names.some(wanted))) {
  for (const b of (await group.load({ targetMs })).filter((b) => wanted(b.name))) {
    results.push(runBenchmark(b, { repeats, targetMs }, reference));
    process.stderr.write(`done: ${b.name} (checksum ${checksum()})\n`);
  }
}
// Memory and scaling repeats take seconds each: at most 3.
const slowRepeats = Math.min(repeats, 3);
if (wanted('memory/')) {
  const { memoryResults } = await import('./memory/memory.js');
  results.push(...memoryResults(slowRepeats));
  process.stderr.write('done: memory\n');
}
const scaling: ScalingRow[] = wanted('scaling')
  ? (await import('./scaling/scaling.js')).scalingTable(slowRepeats)
  : [];
if (scaling.length > 0) process.stderr.write('done: scaling\n');

if (values.json) {
  process.stdout.write(
    `${JSON.stringify({ machine: machine(), repeats, results, scaling }, null, 2)}\n`,
  );
} else {
  process.stdout.write(renderTable(results));
  if (scaling.length > 0) process.stdout.write(`\n${renderScaling(scaling)}`);
}

function columns(lines: readonly (readonly string[])[]): string {
  const widths = lines[0]?.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length))) ?? [];
  return `${lines
    .map((l) =>
      l
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

function renderTable(rows: readonly BenchResult[]): string {
  const m = machine();
  // Rates in millions or thousands; sizes (MiB, bytes) as they are.
  const fmt = (value: number, unit: string) =>
    !unit.endsWith('/s')
      ? value.toFixed(1)
      : value >= 1e6
        ? `${(value / 1e6).toFixed(2)} M`
        : value >= 1e3
          ? `${(value / 1e3).toFixed(1)} k`
          : value.toFixed(2);
  const range = (r: BenchResult) =>
    r.unit.endsWith('/s') ? `${fmt(r.min, r.unit)}–${fmt(r.max, r.unit)}` : '';
  return `${m.cpu}, ${m.cores} cores, node ${m.node}; CPU time (sweep: wall clock), median of ${repeats} interleaved repeats (memory: ${slowRepeats}); ratio: to the row's own baseline; to probe: to baseline/bare-hash-probe\n${columns(
    [
      ['benchmark', 'median', 'min–max', 'baseline', 'ratio', 'to probe', 'unit'],
      ...rows.map((r) => [
        r.name,
        fmt(r.median, r.unit),
        range(r),
        fmt(r.baseline, r.unit),
        r.ratio.toFixed(3),
        r.ratioToBareProbe === null ? '—' : r.ratioToBareProbe.toPrecision(3),
        r.unit,
      ]),
    ],
  )}`;
}

function renderScaling(rows: readonly ScalingRow[]): string {
  const first = rows[0]!.usPerEvent;
  return `scaling: migration-ring, kvm-v6.13, 8 vCPUs, fixed 4096-gfn hot set (median of ${slowRepeats}); µs/event is the slope over the event counts\n${columns(
    [
      ['gfns', 'events', 'executed', 'build ms', 'run ms', 'fixed ms', 'µs/event', 'vs first'],
      ...rows.map((r) => [
        String(r.gfns),
        String(r.events),
        String(r.executed),
        r.buildMs.toFixed(1),
        r.runMs.toFixed(1),
        r.fixedMs.toFixed(1),
        r.usPerEvent.toFixed(3),
        (r.usPerEvent / first).toFixed(2),
      ]),
    ],
  )}`;
}
