import type { RunResult } from '@spte-lab/reporter';
import type { Retention, Simulator } from '@spte-lab/simulator';
import type { Progress } from '../progress.js';

export interface Grid {
  readonly policies: readonly string[];
  readonly scenarios: readonly string[];
  readonly seeds: readonly number[];
  readonly retention: Retention;
  /** Overrides every scenario's `eager_page_split` (spec §3.9, §10.1). */
  readonly eagerSplit?: 'on' | 'off' | 'fails';
}

/**
 * Runs the grid one run at a time, in the simulator's own order (scenario, policy, seed), so
 * the results equal `simulator.compare(grid)` while the progress bar can move and redraw
 * between runs (each yields to the event loop once).
 */
export async function runGrid(
  simulator: Simulator,
  grid: Grid,
  progress: Progress,
): Promise<RunResult[]> {
  const total = grid.scenarios.length * grid.policies.length * grid.seeds.length;
  const runs: RunResult[] = [];
  try {
    for (const scenario of grid.scenarios) {
      for (const policy of grid.policies) {
        for (const seed of grid.seeds) {
          progress.update(runs.length, `${scenario} · ${policy} · seed ${seed}`);
          await new Promise<void>((resolve) => setImmediate(resolve));
          runs.push(
            ...simulator.compare({
              policies: [policy],
              scenarios: [scenario],
              seeds: [seed],
              retention: grid.retention,
              ...(grid.eagerSplit ? { eagerSplit: grid.eagerSplit } : {}),
            }),
          );
        }
      }
    }
    progress.update(total, 'done');
  } finally {
    progress.stop();
  }
  return runs;
}
