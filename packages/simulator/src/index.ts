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
export { DEFAULT_CHECK, type CheckConfig, type CheckOperation } from './explore/check-config.js';
export {
  type CheckReport,
  type CheckSpec,
  type ReplayFile,
  parseReplayFile,
} from './explore/check-report.js';
export type { CounterexampleStep } from './explore/counterexample.js';
export type { Choice } from './explore/check-world.js';
export { explore, type CheckOutcome } from './explore/explorer.js';
export { explorerFloor } from './explore/explorer-floor.js';
export { ddmin } from './shrink/ddmin.js';
export type { ShrinkResult } from './shrink/shrink-run.js';
