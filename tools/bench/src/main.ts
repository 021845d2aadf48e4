import { parseArgs } from 'node:util';
import { checksum, machine, runBenchmark, type BenchResult } from './harness.js';
import { BENCHMARKS } from './registry.js';

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

const selected = BENCHMARKS.filter((b) => !values.filter || b.name.includes(values.filter));
const results: BenchResult[] = [];
for (const b of selected) {
  results.push(runBenchmark(b, { repeats, targetMs }));
  process.stderr.write(`done: ${b.name} (checksum ${checksum()})\n`);
}

if (values.json) {
  process.stdout.write(`${JSON.stringify({ machine: machine(), results }, null, 2)}\n`);
} else {
  process.stdout.write(renderTable(results));
}

function renderTable(rows: readonly BenchResult[]): string {
  const m = machine();
  // Millions for hot paths, thousands for whole-model work such as the explorer.
  const fmt = (rate: number) =>
    rate >= 1e6 ? `${(rate / 1e6).toFixed(1)} M` : `${(rate / 1e3).toFixed(1)} k`;
  const lines = [
    ['benchmark', 'median', 'baseline (bare loop)', 'ratio', 'unit'],
    ...rows.map((r) => [r.name, fmt(r.median), fmt(r.baseline), r.ratio.toFixed(3), r.unit]),
  ];
  const widths = lines[0]?.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length))) ?? [];
  const text = lines.map((l) =>
    l
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  return `${m.cpu}, ${m.cores} cores, node ${m.node}; median of ${repeats} repeats\n${text.join('\n')}\n`;
}
