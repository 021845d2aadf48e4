import type { MmuFlavour, SpteFormat } from '@spte-lab/spte-core';
import type { WorkloadEvent } from '../events/workload-event.js';
import type { ParameterSpec } from '../params/parameter.js';
import type { Rng } from '../rng/rng.js';

/**
 * Parameters every preset takes. A preset's params object also holds its own parameters
 * (numbers, names, booleans; see `ScenarioPreset.parameters`).
 */
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
  /**
   * With `hugeBacking`, the share of 2M regions backed by huge pages (`isHugeBacked`); the rest
   * are backed by 4K pages and always mapped 4K. Absent: every region.
   */
  readonly hugeBackingRatio?: number;
  /** `eager_page_split` (default 'on'); 'fails' models a page-table allocation failure. */
  readonly eagerSplit?: 'on' | 'off' | 'fails';
  /** KVM_MEM_READONLY memslot (spec §1.6 case 3). */
  readonly readOnly?: boolean;
  /** Intel PML (A/D-enabled EPT): logging clears D, hardware logs writes (spec §4.6). */
  readonly pml?: boolean;
  /** Dirty rings instead of the bitmap: entries per vCPU and the soft-full limit (spec §4.5). */
  readonly dirtyRing?: { readonly size: number; readonly softLimit: number };
}

/**
 * How often the scheduler picks each actor when several have work: integer weights (1–100,
 * default 1 each). A vCPU's weight applies to each vCPU. The other actors may be 0: switched
 * off, their events skipped.
 */
export interface ActorRates {
  readonly vcpu?: number;
  readonly vmm?: number;
  readonly hostMm?: number;
  readonly tracker?: number;
}

/** Everything about the VM a run needs besides the events: what a trace header records. */
export interface ScenarioSetup {
  readonly format: SpteFormat;
  readonly mmu: MmuFlavour;
  readonly vm: VmSetup;
  readonly rates?: ActorRates;
}

/** A documented, parameterised generator of a lazy event stream. */
export interface ScenarioPreset {
  readonly name: string;
  readonly description: string;
  /** The SPTE format at the default parameters (`spteFormat` may choose another). */
  readonly format: SpteFormat;
  readonly mmu: MmuFlavour;
  /** Spec sections the scenario exercises. */
  readonly specSections: readonly string[];
  /** Every parameter at its default (the common ones and the preset's own). */
  readonly defaults: ScenarioParams;
  /** How the VM is set up before the first event, at the default parameters. */
  readonly vm: VmSetup;
  /** Scheduler weights of the actors (per-actor rates). */
  readonly rates?: ActorRates;
  /**
   * The parameters as data: name, description, kind, default and allowed range, in the order
   * to list them (common ones first). `parametersOf` gives the common ones for a preset
   * without this field.
   */
  readonly parameters?: readonly ParameterSpec[];
  /** The set-up for validated parameters (format, memslot flags, rates may depend on them). */
  setup?(params: ScenarioParams): ScenarioSetup;
  /** The events, generated lazily: memory does not grow with the stream's length. */
  events(params: ScenarioParams, rng: Rng): Iterable<WorkloadEvent>;
}
