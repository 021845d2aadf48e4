import {
  RESULT_SCHEMA_VERSION,
  type ResultDocument,
  type RunResult,
  type ScenarioSettings,
} from '@spte-lab/reporter';
import type { Simulator } from '@spte-lab/simulator';
import type { CostModel } from '@spte-lab/tlb-model';
import { VERSION } from '../version.js';
import type { Grid } from './run-grid.js';

/** The result document of a comparison: the runs, and what is needed to reproduce them. */
export function compareDocument(
  /** The command line, as `commandLine(command)` gives it. */
  command: string,
  simulator: Simulator,
  grid: Grid & { readonly baseline: string | undefined; readonly costModel: CostModel },
  runs: RunResult[],
): ResultDocument {
  const scenarioSettings: Record<string, ScenarioSettings> = {};
  for (const name of grid.scenarios) {
    const preset = simulator.scenario(name);
    const eagerSplit = grid.eagerSplit ?? preset.vm.eagerSplit;
    scenarioSettings[name] = {
      ...preset.defaults,
      format: preset.format,
      mmu: preset.mmu,
      ...(preset.vm.hugeBacking && eagerSplit ? { eagerSplit } : {}),
    };
  }
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    tool: { name: 'spte-lab', version: VERSION },
    command,
    seeds: [...grid.seeds],
    parameters: {
      policies: [...grid.policies],
      scenarios: [...grid.scenarios],
      retention: grid.retention,
      ...(grid.baseline === undefined ? {} : { baseline: grid.baseline }),
      scenarioSettings,
    },
    costModel: grid.costModel,
    runs,
  };
}
