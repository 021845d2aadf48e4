/**
 * @spte-lab/tlb-model — the hardware side: per-vCPU TLBs that may hold stale entries, the page
 * walker, vCPU modes and flush execution, PML, and the cycle-cost model. See README.md.
 */
export { TlbModel, createTlbModel } from './tlb-model.js';
export type { TlbModelFactory } from './tlb-model.js';
export {
  READ,
  WRITE,
  EXEC,
  HIT,
  FILL,
  FAULT,
  STALE_FRESH,
  STALE_HARMLESS,
  STALE_EXCEEDING,
  STALE_UNCHECKED,
  PEEK_NONE,
  PEEK_DENIED,
  PEEK_REWALK,
  PEEK_HIT,
  LEVEL_4K,
  LEVEL_2M,
  LEVEL_1G,
} from './codes.js';
export type { AccessKind, AccessOutcome, StaleClass, PeekResult } from './codes.js';
export {
  OUTSIDE_GUEST,
  IN_GUEST,
  READING_SHADOW_PAGE_TABLES,
  BLOCKED,
  MODE_NAMES,
} from './vcpu-modes.js';
export type { VcpuMode } from './vcpu-modes.js';
export { resolveTlbModelOptions, TlbModelOptionsError } from './options.js';
export type { TlbModelOptions, ResolvedTlbModelOptions, Retention, WalkKind } from './options.js';
export { DEFAULT_GEOMETRY } from './tlb/geometry.js';
export type { TlbGeometry, ArrayGeometry } from './tlb/geometry.js';
export type { ReplacementPolicy } from './tlb/replacement.js';
export type { TlbEntrySnapshot } from './tlb/vcpu-tlb.js';
export { TlbCounters, COUNTER_NAMES } from './counters.js';
export type { CounterName, TlbCounterSnapshot } from './counters.js';
export { PML_LOG_ENTRIES } from './pml.js';
export type { PmlDrainHook } from './pml.js';
export {
  COST_KEYS,
  CostModelError,
  parseCostModel,
  validateCostOverrides,
  defaultCostModel,
  mergeCostModel,
  cycleCosts,
} from './cost/cost-model.js';
export type {
  CostKey,
  CostEntry,
  CostModel,
  CostModelOverrides,
  CycleCosts,
} from './cost/cost-model.js';
export { loadCostModelFile } from './cost/load-cost-model.js';
export { TLB_MODEL_FACTORY, COST_MODEL } from './di/tokens.js';
export { tlbModelModule } from './di/module.js';
