export { createSimulator, type SimulatorOptions } from './create-simulator.js';
export { Simulator, type CompareInput } from './simulator.js';
export { UnknownNameError } from './unknown-name-error.js';
export type { RunInput, Retention } from './run/run-input.js';
export type { GuestTlb } from './run/guest-tlb.js';
export { World, type GuestTlbFactory, type WorldConfig, type VcpuActor } from './run/world.js';
export { GUEST_TLB_FACTORY, SIMULATOR } from './di/tokens.js';
export { simulatorModule } from './di/module.js';
export { EXTENSION_TOKENS, tokensBoundBy } from './di/extension-tokens.js';
export { buildResultDocument, type ResultDocumentInput } from './result-document.js';
export { simulatedTlbFactory, SimulatedTlb } from './run/simulated-tlb.js';
export {
  CHECK_OPERATIONS,
  DEFAULT_CHECK,
  type CheckConfig,
  type CheckOperation,
  checkSlotGfns,
  choiceGfn,
} from './explore/check-config.js';
export {
  type CheckReport,
  type CheckSpec,
  type ReplayFile,
  parseReplayFile,
} from './explore/check-report.js';
export type { CounterexampleStep } from './explore/counterexample.js';
export type { Choice } from './explore/check-world.js';
export { checkConfigImpossible } from './explore/check-impossible.js';
export { explore, type CheckOutcome, type ExploreProgress } from './explore/explorer.js';
export { explorerFloor } from './explore/explorer-floor.js';
export { ddmin } from './shrink/ddmin.js';
export type { ShrinkResult } from './shrink/shrink-run.js';
export {
  auditCells,
  cellId,
  combinations,
  memslotSetup,
  GFN_LAYOUTS,
  MEMSLOT_MODES,
  type AuditAxes,
  type AuditCell,
  type EagerSplit,
  type GfnLayout,
  type MemslotMode,
} from './audit/audit-matrix.js';
export { auditAxes, type AuditBudget } from './audit/audit-budgets.js';
export {
  AUDIT_SCHEMA_VERSION,
  auditTotals,
  buildAuditDocument,
  isKernelPolicy,
  type AuditDocument,
  type AuditEntry,
  type AuditOutcome,
  type AuditRootCause,
  type AuditVerdict,
} from './audit/audit-document.js';
export { rootCauseSignature, type RootCauseSignature } from './audit/root-cause.js';
export {
  DECIDED_ROOT_CAUSES,
  findingFor,
  type DecidedRootCause,
} from './audit/decided-root-causes.js';
export { auditDocumentSchema, auditJsonSchema } from './audit/audit-schema.js';
export { mergeAudits } from './audit/merge-audits.js';
