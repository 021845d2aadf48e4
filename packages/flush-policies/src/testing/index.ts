export { describePolicyConformance, type TestFramework } from './describe-conformance.js';
export {
  checkPolicyConformance,
  type ConformanceCaseResult,
  type ConformanceReport,
} from './check-conformance.js';
export { type ConformanceOptions, DEFAULT_SEEDS } from './conformance-kit.js';
export { ConformanceFailure, type ScenarioViolation } from './conformance-failure.js';
export { formatCounterexample, formatViolation } from './format-violation.js';
export type {
  ConformanceCheck,
  ConformanceRun,
  ConformanceSimulator,
  ConformanceTraceStep,
  ConformanceViolation,
  SimulatorFactory,
} from './harness.js';
