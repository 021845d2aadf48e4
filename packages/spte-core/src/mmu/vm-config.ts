/**
 * The configuration of one simulated VM (spec §0, §3): SPTE format, kernel profile, MMU
 * flavour, size, and the memslot's flags. One memslot covers every gfn.
 */
import type { SpteFormat } from '../encoding/formats.js';
import type { KernelVersion } from '../encoding/kernel-profile.js';

/** `tdp`: the TDP MMU (tdp_mmu.c); `shadow`: the shadow MMU's rmap paths (mmu.c). */
export type MmuFlavour = 'tdp' | 'shadow';

export interface VmConfig {
  readonly format: SpteFormat;
  readonly kernel: KernelVersion;
  readonly mmu: MmuFlavour;
  readonly vcpus: number;
  readonly gfns: number;
  /** Host pfn backing gfn 0; gfn g is backed by pfn `pfnBase + g`. */
  readonly pfnBase: number;
  /**
   * Shadow paging of guest page tables (indirect shadow pages, legacy format): no fast page
   * fault (spec §3.4), guest page-table gfns are shadowed and may go unsync (spec §3.10).
   */
  readonly indirect: boolean;
  /** Every SPTE update is its own step (the explorer's mode); otherwise one step per batch. */
  readonly fineSteps: boolean;
  /**
   * With `fineSteps`: only updates of these gfns (and of the huge leaves over them) end a step;
   * a walk batches the others into its next step. The explorer passes the gfns its guest and
   * operations can touch (simulator README, "Fine steps and yields"). Absent: every gfn.
   */
  readonly stepGfns?: readonly number[];
}

export const DEFAULT_PFN_BASE = 0x100000;
