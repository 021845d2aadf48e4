import type { SpteWalkPort } from '@spte-lab/spte-core';
import { TlbModel, type TlbModelOptions } from '@spte-lab/tlb-model';
import type { GuestTlb } from './guest-tlb.js';
import type { GuestTlbFactory } from './world.js';

/** tlb-model's TlbModel, with its counters reported under spte-lab's stat names. */
export class SimulatedTlb extends TlbModel implements GuestTlb {
  counterRecord(): Record<string, number> {
    const c = this.counters;
    return {
      // KVM's per-vCPU stat (spec §7), summed over vCPUs.
      tlb_flush: c.tlbFlush,
      ipis: c.ipis,
      tlb_hits: c.hits,
      tlb_misses: c.misses,
      tlb_walks: c.walks,
      tlb_fills: c.fills,
      tlb_evictions: c.evictions,
      tlb_entries_dropped: c.invalidatedFlush + c.invalidatedRange + c.invalidatedGfn,
      tlb_entries_dropped_by_fault: c.invalidatedFault,
      stale_hits_harmless: c.staleHarmless,
      stale_hits_exceeding: c.staleExceeding,
      flush_requests_serviced_at_entry: c.servicedAtEntry,
      pml_logged: c.pmlLogged,
      pml_full_exits: c.pmlFullExits,
      cycles: c.cycles,
    };
  }
}

/** The factory a run uses, with tlb-model's cost table (defaults, or the user's overrides). */
export function simulatedTlbFactory(
  costModel?: TlbModelOptions['costModel'],
  extra: Pick<TlbModelOptions, 'faultInvalidates'> = {},
): GuestTlbFactory {
  return (options, walker: SpteWalkPort) =>
    new SimulatedTlb({ ...options, ...extra, ...(costModel ? { costModel } : {}) }, walker);
}
