import type { MmuFlavour, SpteFormat } from '@spte-lab/spte-core';
import type { Rng } from '../rng/rng.js';
import type { WorkloadEvent } from '../events/workload-event.js';

/** Parameters every preset takes (validated by the preset). */
export interface ScenarioParams {
  readonly vcpus: number;
  readonly gfns: number;
  readonly events: number;
}

/** A documented, parameterised generator of a lazy event stream. */
export interface ScenarioPreset {
  readonly name: string;
  readonly description: string;
  readonly format: SpteFormat;
  readonly mmu: MmuFlavour;
  /** Spec sections the scenario exercises. */
  readonly specSections: readonly string[];
  readonly defaults: ScenarioParams;
  /** Memslot flags the VM starts with. */
  readonly dirtyLogging: 'bitmap';
  /** The events, generated lazily: memory does not grow with the stream's length. */
  events(params: ScenarioParams, rng: Rng): Iterable<WorkloadEvent>;
}
