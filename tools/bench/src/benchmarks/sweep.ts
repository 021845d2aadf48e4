import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Benchmark } from '../harness.js';

/*
 * `spte-lab sweep` on two worker threads against one (issue 20): 24 runs (2 policies × 3
 * scenarios × 4 seeds, 100,000 events each), the built CLI in a child process, wall-clock
 * (the point of workers is the wall clock). The rate is runs per second; the baseline is the
 * same sweep with --workers 1 (inline, no thread), so `ratio` is the speed-up of 2 workers.
 */
const RUNS = 24;

function cliBin(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@spte-lab/cli/package.json')), 'dist', 'bin.js');
}

export function sweepBenchmarks(): Benchmark[] {
  const bin = cliBin();
  const sweep = (workers: number) =>
    execFileSync(
      process.execPath,
      [
        bin,
        'sweep',
        '--quiet',
        '--format',
        'json',
        '--policies',
        'kvm-v6.13,kvm-v6.12',
        '--scenarios',
        'migration-clear-log,migration-ring,mixed',
        '--seeds',
        '1..4',
        '--grid',
        'events=100000',
        '--workers',
        String(workers),
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 28 },
    ).length;
  return [
    {
      name: 'sweep',
      description: `spte-lab sweep, ${RUNS} runs, --workers 2 (wall clock)`,
      baselineName: 'the same sweep with --workers 1',
      opsPerIteration: RUNS,
      unit: 'runs/s',
      iterations: 1,
      repeats: 3,
      wallClock: true,
      // Each sweep is a fresh process: nothing to warm up here.
      warmUp: false,
      run: () => sweep(2),
      baseline: () => sweep(1),
    },
  ];
}
