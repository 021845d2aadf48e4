export { createRng, RNG_RESOLUTION, type Rng } from './rng/rng.js';
export * from './events/workload-event.js';
export type {
  ScenarioParams,
  ScenarioPreset,
  ScenarioSetup,
  VmSetup,
  ActorRates,
} from './scenarios/scenario-preset.js';
export {
  definePreset,
  type PresetDefinition,
  type PresetParams,
  type CommonParams,
} from './scenarios/define-preset.js';
export { configurePreset, parametersOf } from './scenarios/configure-preset.js';
export {
  type ParameterSpec,
  type ParameterValue,
  type IntegerParameter,
  type NumberParameter,
  type ChoiceParameter,
  type BooleanParameter,
  type ParamsOf,
  integer,
  real,
  choice,
  flag,
  parameterFlag,
  describeRange,
} from './params/parameter.js';
export { ScenarioParamError } from './params/param-error.js';
export { resolveParams, parseParamText, paramsSchema, defaultsOf } from './params/parse-params.js';
export { MAX_GFNS, MAX_VCPUS, MAX_EVENTS, MAX_RATE } from './params/common-parameters.js';
export { ACCESS_PATTERNS, type AccessPatternName } from './patterns/access-parameters.js';
export { createGfnPattern, type GfnPattern, type PatternParams } from './patterns/gfn-pattern.js';
export { guestAccesses, accessKind } from './patterns/guest-access.js';
export { isHugeBacked } from './patterns/huge-backing.js';
export { scenarioPresets } from './registry.js';
export { SCENARIO_PRESET } from './di/tokens.js';
export { workloadGenModule } from './di/module.js';
