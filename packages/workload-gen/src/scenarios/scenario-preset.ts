import type { MmuFlavour, SpteFormat } from '@spte-lab/spte-core';
import type { Rng } from '../rng/rng.js';
import type { WorkloadEvent } from '../events/workload-event.js';

/** Parameters every preset takes (validated by the preset). */
export interface ScenarioParams {
  readonly vcpus: number;
  readonly gfns: number;
  readonly events: number;
}

/** Memslot and MMU settings a preset needs (spec §4.4, §3.10). */
export interface VmSetup {
  /** KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2: GET_DIRTY_LOG only copies, CLEAR_DIRTY_LOG re-protects. */
  readonly manualProtect?: boolean;
  /** KVM_DIRTY_LOG_INITIALLY_SET (with manual protect). */
  readonly initiallySet?: boolean;
  /** Shadow paging of guest page tables (indirect shadow pages). */
  readonly indirect?: boolean;
  /** The host backs guest memory with 2M pages, so faults may map 2M leaves (spec §3.9). */
  readonly hugeBacking?: boolean;
  /** `eager_page_split` (default 'on'); 'fails' models a page-table allocation failure. */
  readonly eagerSplit?: 'on' | 'off' | 'fails';
  /** KVM_MEM_READONLY memslot (spec §1.6 case 3). */
  readonly readOnly?: boolean;
  /** Dirty rings instead of the bitmap: entries per vCPU and the soft-full limit (spec §4.5). */
  readonly dirtyRing?: { readonly size: number; readonly softLimit: number };
}

/**
 * How often the scheduler picks each actor when several have work: integer weights (1–100,
 * default 1 each). A vCPU's weight applies to each vCPU.
 */
export interface ActorRates {
  readonly vcpu?: number;
  readonly vmm?: number;
  readonly hostMm?: number;
  readonly tracker?: number;
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
  /** How the VM is set up before the first event. */
  readonly vm: VmSetup;
  /** Scheduler weights of the actors (per-actor rates). */
  readonly rates?: ActorRates;
  /** The events, generated lazily: memory does not grow with the stream's length. */
  events(params: ScenarioParams, rng: Rng): Iterable<WorkloadEvent>;
}
