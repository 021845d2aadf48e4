import type { Extension, ResultDocument, RunResult } from '@spte-lab/reporter';
import type { Simulator } from '@spte-lab/simulator';
import { compareDocument } from '../commands/compare-document.js';
import type { Shard } from './shard-option.js';
import type { SweepSpec } from './sweep-spec.js';

/**
 * A sweep's result document: `compare`'s document with the grid axes, each run's point, and —
 * for `--shard` — the slice it holds. No timings: the same grid gives the same bytes, on any
 * number of workers or shards.
 */
export function sweepDocument(
  simulator: Simulator,
  spec: SweepSpec,
  command: string,
  baseline: string | undefined,
  runs: RunResult[],
  extensions: readonly Extension[],
  shard?: { readonly shard: Shard; readonly indices: readonly number[] },
): ResultDocument {
  const doc = compareDocument(command, simulator, { ...spec, baseline, extensions }, runs);
  return {
    ...doc,
    parameters: { ...doc.parameters, ...(spec.grid.length > 0 ? { grid: spec.grid } : {}) },
    ...(shard
      ? { shard: { index: shard.shard.index, count: shard.shard.count, runs: [...shard.indices] } }
      : {}),
  };
}
