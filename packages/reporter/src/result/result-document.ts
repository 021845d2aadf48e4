/**
 * The result document every run and comparison produces (ARCHITECTURE.md "reporter").
 * `runs[]` keeps one shape across commands: policy, scenario, seed, stats, violations.
 *
 * These interfaces are the contract producers code against; `schema.ts` is the same contract as
 * a zod schema (checked against these types at compile time) and `result.schema.json` is it as
 * JSON Schema for other tools. A field is added, removed or retyped only with a new
 * `schemaVersion`, because readers validate strictly.
 */
export const RESULT_SCHEMA_VERSION = 3;
/**
 * Versions `readResultDocument` still reads (1: runs have no flushesBySite; 2: no
 * `extensions`). Both are read as the current version without the fields they lack.
 */
export const READABLE_SCHEMA_VERSIONS: readonly number[] = [1, 2, RESULT_SCHEMA_VERSION];

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

export const VIOLATION_KINDS = ['migration', 'write-track', 'unmap', 'model'] as const;
export type ViolationKind = (typeof VIOLATION_KINDS)[number];

export interface Violation {
  readonly kind: ViolationKind;
  /** The guest frame whose write was lost, or -1 for a VM-wide model error. */
  readonly gfn: number;
  /** The vCPU whose access broke the rule, or -1. */
  readonly vcpu: number;
  /** Step at which the oracle saw it. */
  readonly step: number;
  readonly message: string;
  /** The steps that touched this gfn (or flushed), in order, ending at the violation. */
  readonly trace: readonly TraceStep[];
}

/** A scenario parameter's value at a grid point (`spte-lab sweep --grid gfns=8,16`). */
export type GridValue = string | number | boolean;

/** The scenario parameter values one run of a sweep used, keyed by parameter name. */
export type GridPoint = Readonly<Record<string, GridValue>>;

/** One `--grid` axis of a sweep: a scenario parameter and the values it takes, in order. */
export interface GridAxis {
  readonly parameter: string;
  readonly values: readonly GridValue[];
}

export interface RunResult {
  readonly policy: string;
  readonly scenario: string;
  /** A sweep's grid point: the parameters this run overrode. Absent without a grid. */
  readonly point?: GridPoint;
  readonly seed: number;
  /** Keyed by KVM's stat names (spec §7) plus spte-lab's own counters; all non-negative. */
  readonly stats: Readonly<Record<string, number>>;
  /**
   * `remote_tlb_flush_requests` by the kernel function that requested each flush
   * (`mmu_set_spte`, `__kvm_sync_page`, `kvm_clear_dirty_log_protect`, …; spec §3.11); sums to
   * `stats.remote_tlb_flush_requests`. Absent only in documents read from schemaVersion 1.
   */
  readonly flushesBySite?: Readonly<Record<string, number>>;
  /** Range flushes by requesting function; sums to `stats.remote_tlb_flush_ranges`. */
  readonly rangeFlushesBySite?: Readonly<Record<string, number>>;
  readonly violations: readonly Violation[];
}

export type Retention = 'adversarial' | 'realistic';

/** A scenario's settings as run: its sizes (`vcpus`, `gfns`, `events`, …), format and MMU. */
export type ScenarioSettings = Readonly<Record<string, string | number | boolean>>;

/** What was compared and how; with `command` and `seeds`, enough to reproduce the runs. */
export interface ResultParameters {
  readonly policies: readonly string[];
  readonly scenarios: readonly string[];
  readonly retention: Retention;
  /** The policy the ratios are taken against; absent when there is none. */
  readonly baseline?: string;
  /** Per scenario name, the settings it ran with (its defaults unless overridden). */
  readonly scenarioSettings?: Readonly<Record<string, ScenarioSettings>>;
  /**
   * A sweep's grid axes, first axis slowest; every run's `point` takes one value of each. The
   * settings above are each scenario's own; a run's point overrides them.
   */
  readonly grid?: readonly GridAxis[];
}

/** One entry of the cycle-cost table that turned events into modelled cycles. */
export interface CostEntry {
  readonly cycles: number;
  /** Where the number comes from. */
  readonly source: string;
  /** True when the number is a judgement rather than a measured value. */
  readonly estimate: boolean;
}

export interface ResultDocument {
  readonly schemaVersion: typeof RESULT_SCHEMA_VERSION;
  readonly tool: { readonly name: 'spte-lab'; readonly version: string };
  /** The command line that produced the document, for reproduction. */
  readonly command: string;
  /** Every seed that was run (each run names its own). */
  readonly seeds: readonly number[];
  readonly parameters: ResultParameters;
  /** The cost model, keyed by cost name (`ipiRoundTrip`, `vmExit`, …). */
  readonly costModel: Readonly<Record<string, CostEntry>>;
  readonly runs: readonly RunResult[];
  /** Present in a shard (`sweep --shard i/n`): the slice of the grid this document holds. */
  readonly shard?: ShardInfo;
  /** Grid indices of the runs a partial merge (`merge --allow-partial`) lacks, ascending. */
  readonly missingRuns?: readonly number[];
  /**
   * The DI tokens plugins bound or rebound (a cost model, a guest TLB factory, scenarios, …),
   * one entry per plugin that binds any, so a reader knows the runs were not the defaults'.
   * Absent when no plugin binds one (policy plugins made by definePolicy included).
   */
  readonly extensions?: readonly Extension[];
}

/** One plugin's bindings: what it is (as `--plugin` named it) and the tokens it binds. */
export interface Extension {
  readonly plugin: string;
  /** Token names as exported (`COST_MODEL`, `GUEST_TLB_FACTORY`, …), in a fixed order. */
  readonly tokens: readonly string[];
}

/**
 * `sweep --shard index/count`: the runs whose grid index ≡ index − 1 (mod count). `runs` are
 * the grid indices of the document's runs, in the same order.
 */
export interface ShardInfo {
  readonly index: number;
  readonly count: number;
  readonly runs: readonly number[];
}
