import {
  type Extension,
  RESULT_SCHEMA_VERSION,
  type ResultDocument,
  type Retention,
  type RunResult,
  type ScenarioSettings,
} from '@spte-lab/reporter';
import type { Simulator } from './simulator.js';

/** What a result document records beside its runs. */
export interface ResultDocumentInput {
  /** The command line (or a description of the program) that produced the runs. */
  readonly command: string;
  /** The producing tool's version (the CLI's own; a library user's choice). */
  readonly version: string;
  readonly policies: readonly string[];
  readonly scenarios: readonly string[];
  readonly seeds: readonly number[];
  readonly retention: Retention;
  readonly eagerSplit?: 'on' | 'off' | 'fails';
  readonly baseline?: string;
  /** What plugins bound or rebound (see `tokensBoundBy`); omitted when empty. */
  readonly extensions?: readonly Extension[];
}

/**
 * The result document of `simulator`'s runs: the runs, each scenario's settings as run, and the
 * cost model the simulator's container holds (a plugin's COST_MODEL rebind included), so the
 * document says which costs its cycles came from. `spte-lab compare` and `sweep` build theirs
 * with it; validate it with reporter's `validateResultDocument` and render it with any renderer.
 */
export function buildResultDocument(
  simulator: Simulator,
  input: ResultDocumentInput,
  runs: RunResult[],
): ResultDocument {
  const scenarioSettings: Record<string, ScenarioSettings> = {};
  for (const name of input.scenarios) {
    const preset = simulator.scenario(name);
    const eagerSplit = input.eagerSplit ?? preset.vm.eagerSplit;
    scenarioSettings[name] = {
      ...preset.defaults,
      format: preset.format,
      mmu: preset.mmu,
      ...(preset.vm.hugeBacking && eagerSplit ? { eagerSplit } : {}),
    };
  }
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    tool: { name: 'spte-lab', version: input.version },
    command: input.command,
    seeds: [...input.seeds],
    parameters: {
      policies: [...input.policies],
      scenarios: [...input.scenarios],
      retention: input.retention,
      ...(input.baseline === undefined ? {} : { baseline: input.baseline }),
      scenarioSettings,
    },
    costModel: simulator.costModel(),
    runs,
    ...(input.extensions?.length ? { extensions: [...input.extensions] } : {}),
  };
}
