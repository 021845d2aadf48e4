import type { Extension, ResultDocument, RunResult } from '@spte-lab/reporter';
import { buildResultDocument, type Simulator } from '@spte-lab/simulator';
import { VERSION } from '../version.js';
import type { Grid } from './run-grid.js';

/**
 * The result document of a comparison: simulator's public `buildResultDocument` with the
 * CLI's version; the cost model is the one the simulator ran with (a plugin's rebind included).
 */
export function compareDocument(
  /** The command line, as `commandLine(command)` gives it. */
  command: string,
  simulator: Simulator,
  grid: Grid & {
    readonly baseline: string | undefined;
    readonly extensions: readonly Extension[];
  },
  runs: RunResult[],
): ResultDocument {
  const { baseline, ...rest } = grid;
  return buildResultDocument(
    simulator,
    { ...rest, command, version: VERSION, ...(baseline === undefined ? {} : { baseline }) },
    runs,
  );
}
