/**
 * The result document every run and comparison produces (ARCHITECTURE.md "reporter").
 * `runs[]` keeps one shape across commands: policy, scenario, seed, stats, violations.
 */
export const RESULT_SCHEMA_VERSION = 1;

/** One step of a violation's trace: who did what, and what it changed. */
export interface TraceStep {
  /** Global step number in the run's interleaving. */
  readonly step: number;
  /** `vcpu0`, `vmm`, `host-mm`, `tracker`. */
  readonly actor: string;
  /** The operation or hardware action, named after the kernel function where there is one. */
  readonly operation: string;
  /** What changed: SPTE old→new, TLB fill or hit, flush with its IPIs. */
  readonly detail: string;
}

export type ViolationKind = 'migration' | 'write-track' | 'unmap' | 'model';

export interface Violation {
  readonly kind: ViolationKind;
  readonly gfn: number;
  /** The vCPU whose access broke the rule, or -1. */
  readonly vcpu: number;
  /** Step at which the oracle saw it. */
  readonly step: number;
  readonly message: string;
  /** The steps that touched this gfn (or flushed), in order, ending at the violation. */
  readonly trace: readonly TraceStep[];
}

export interface RunResult {
  readonly policy: string;
  readonly scenario: string;
  readonly seed: number;
  /** Keyed by KVM's stat names (spec §7) plus spte-lab's own counters. */
  readonly stats: Readonly<Record<string, number>>;
  readonly violations: readonly Violation[];
}

export interface ResultDocument {
  readonly schemaVersion: typeof RESULT_SCHEMA_VERSION;
  readonly tool: { readonly name: 'spte-lab'; readonly version: string };
  /** The command line that produced the document, for reproduction. */
  readonly command: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly runs: readonly RunResult[];
}
