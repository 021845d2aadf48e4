/** Multi-bound: every scenario preset, found by name. */
export const SCENARIO_PRESET = Symbol.for('@spte-lab/workload-gen:ScenarioPreset');
