import type { FlushPolicy, KernelVersion } from '@spte-lab/spte-core';
import type { ScenarioParams, ScenarioPreset, WorkloadEvent } from '@spte-lab/workload-gen';

/** TLB retention (tlb-model): 'adversarial' keeps every entry until invalidated (safety). */
export type Retention = 'realistic' | 'adversarial';

/** Everything one run needs: policy × scenario × seed (ARCHITECTURE.md "Runs"). */
export interface RunInput {
  readonly policy: FlushPolicy;
  readonly scenario: ScenarioPreset;
  readonly seed: number;
  readonly params?: Partial<ScenarioParams>;
  /**
   * The events to run instead of generating them from the scenario (a recorded trace). The
   * scheduler's interleaving still follows the seed, so a trace recorded from a run with the
   * same seed and parameters replays to identical results.
   */
  readonly events?: Iterable<WorkloadEvent>;
  /** The MMU's kernel profile; defaults to the policy's own, else v6.13. */
  readonly kernel?: KernelVersion;
  readonly retention?: Retention;
  /** Overrides the scenario's `eager_page_split` setting (spec §3.9, §10.1). */
  readonly eagerSplit?: 'on' | 'off' | 'fails';
  /** Every SPTE update its own step (slower; finer interleavings). */
  readonly fineSteps?: boolean;
}
