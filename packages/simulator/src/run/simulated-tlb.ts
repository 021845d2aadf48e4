import type { SpteWalkPort } from '@spte-lab/spte-core';
import {
  type TlbCounters,
  TlbModel,
  type TlbModelFactory,
  type TlbModelOptions,
} from '@spte-lab/tlb-model';
import type { GuestTlb } from './guest-tlb.js';
import type { GuestTlbFactory } from './world.js';

/** A TLB model's counters under spte-lab's stat names. */
function counterRecordOf(c: TlbCounters): Record<string, number> {
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

/** tlb-model's TlbModel, with its counters reported under spte-lab's stat names. */
export class SimulatedTlb extends TlbModel implements GuestTlb {
  counterRecord(): Record<string, number> {
    return counterRecordOf(this.counters);
  }
}

/** tlb-model's factory shape, building SimulatedTlbs: TLB_MODEL_FACTORY's default here. */
export const createSimulatedTlb: TlbModelFactory = (options, walker) =>
  new SimulatedTlb(options, walker);

/**
 * A TlbModel a rebound TLB_MODEL_FACTORY built, as a GuestTlb: one that does not name its
 * counters itself gets spte-lab's stat names (the default factory's SimulatedTlb already has).
 */
function asGuestTlb(tlb: TlbModel): GuestTlb {
  const named = tlb as TlbModel & Partial<Pick<GuestTlb, 'counterRecord'>>;
  if (typeof named.counterRecord === 'function') return named as GuestTlb;
  return Object.assign(tlb, { counterRecord: () => counterRecordOf(tlb.counters) });
}

/**
 * The guest TLB factory a run uses: `build` (tlb-model's factory shape; SimulatedTlb by default)
 * over tlb-model's cost table (defaults, or the user's overrides).
 */
export function guestTlbFactoryFrom(
  build: TlbModelFactory,
  costModel?: TlbModelOptions['costModel'],
  extra: Pick<TlbModelOptions, 'faultInvalidates'> = {},
): GuestTlbFactory {
  return (options, walker: SpteWalkPort) =>
    asGuestTlb(build({ ...options, ...extra, ...(costModel ? { costModel } : {}) }, walker));
}

/** The factory a run uses, with tlb-model's cost table (defaults, or the user's overrides). */
export function simulatedTlbFactory(
  costModel?: TlbModelOptions['costModel'],
  extra: Pick<TlbModelOptions, 'faultInvalidates'> = {},
): GuestTlbFactory {
  return guestTlbFactoryFrom(createSimulatedTlb, costModel, extra);
}
