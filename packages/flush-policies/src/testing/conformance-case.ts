import type { ConformanceViolation, ConformanceSimulator } from './harness.js';

/** One test the kit registers: framework-free, so both describe/it and a plain report use it. */
export interface ConformanceCase {
  readonly group: 'contract' | 'safety';
  readonly name: string;
  /** The scenario a safety case runs; absent for contract cases and the explorer. */
  readonly scenario?: string;
  /** Resolves when the case holds; rejects with a ConformanceFailure saying why not. */
  readonly run: () => Promise<void>;
}

/** What the cases share: the seeds, and the simulator, created once and only when needed. */
export interface KitContext {
  readonly seeds: readonly number[];
  /** A simulator with the policy registered; rejects if its name is a built-in's. */
  simulator(): Promise<ConformanceSimulator>;
  /** The scenarios to run: the author's list, or every preset. */
  scenarioNames(): Promise<readonly string[]>;
}

export type { ConformanceViolation };
