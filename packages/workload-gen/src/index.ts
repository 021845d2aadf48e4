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
export { WORKLOAD_GEN_VERSION } from './version.js';
export { TraceFileError } from './trace/trace-file-error.js';
export {
  TRACE_KIND,
  TRACE_SCHEMA_VERSION,
  type TraceHeader,
  type TraceEnd,
  traceHeaderSchema,
  fullRates,
} from './trace/trace-header.js';
export {
  checkEvent,
  encodeEvent,
  EVENT_FIELDS,
  EVENT_TYPES,
  type EventBounds,
} from './trace/event-fields.js';
export { readLines, type Line, MAX_LINE, LineTooLongError } from './trace/line-reader.js';
export {
  type TraceWriteOptions,
  writeTraceFile,
  writeTraceFileAsync,
  writeTraceTo,
  type WrittenTrace,
} from './trace/trace-writer.js';
export { openTraceFile, type TraceFile } from './trace/trace-reader.js';
export { traceHeaderFor, recordScenario, recordScenarioAsync } from './trace/record.js';
export { presetFromTraceHeader } from './trace/trace-preset.js';
export { traceStats, type TraceStats } from './trace/trace-stats.js';
export { KvmTraceImporter } from './import/kvm-trace-importer.js';
export { type KvmImportOptions } from './import/import-options.js';
export { type FaultCodeKind } from './import/fault-code.js';
export { type ImportSummary, summaryLines } from './import/import-summary.js';
export { parseLineHeader, type LineHeader } from './import/line-header.js';
export {
  importKvmTraceFile,
  importedEvents,
  IMPORTED_SCENARIO,
  type ImportFileOptions,
  type ImportResult,
} from './import/import-file.js';
export { migrationPml } from './scenarios/migration-pml.js';
