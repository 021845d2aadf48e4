export { createRng, type Rng } from './rng/rng.js';
export * from './events/workload-event.js';
export type {
  ScenarioParams,
  ScenarioPreset,
  VmSetup,
  ActorRates,
} from './scenarios/scenario-preset.js';
export { scenarioPresets } from './registry.js';
export { SCENARIO_PRESET } from './di/tokens.js';
export { workloadGenModule } from './di/module.js';
