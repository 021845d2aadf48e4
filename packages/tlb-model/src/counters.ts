/**
 * Everything the TLB model counts, as plain numbers on one object (hot path: `counters.hits++`).
 * VM-wide totals; `tlbFlushPerVcpu` is KVM's per-vCPU `tlb_flush` stat (spec §7).
 */
export class TlbCounters {
  /** Guest accesses attempted. */
  accesses = 0;
  /** Accesses completed from a cached translation without a walk (includes STLB hits). */
  hits = 0;
  /** Hits that missed the L1 TLB and found the translation in the STLB (realistic mode). */
  stlbHits = 0;
  /** Accesses for which no cached translation existed. */
  misses = 0;
  /** Hardware page walks: misses plus D-setting re-walks (stale-hit classification excluded). */
  walks = 0;
  /** Writes through a D=0 entry of an A/D-enabled SPTE that re-walked to set D (spec §6.2). */
  dirtyRewalks = 0;
  /** Entries created (or replaced) from a walk. */
  fills = 0;
  /** Translations dropped for capacity (STLB, or a 1G array; L1-only evictions below). */
  evictions = 0;
  /** Entries evicted from an L1 structure (the translation may survive in the STLB). */
  l1Evictions = 0;
  /** Translations dropped by full flushes (local, or a serviced KVM_REQ_TLB_FLUSH). */
  invalidatedFlush = 0;
  /** Translations dropped by range flushes. */
  invalidatedRange = 0;
  /** Translations dropped by single-gfn local invalidations. */
  invalidatedGfn = 0;
  /** Translations dropped because a fault invalidates the faulting gfn (SDM 4.10.4.1, 28.3.3.1). */
  invalidatedFault = 0;
  /** Hits through an entry that no longer matches the SPTE, but the SPTE still allows the access. */
  staleHarmless = 0;
  /** Hits through an entry that granted more than the current SPTE allows. */
  staleExceeding = 0;
  /** Faults handed to KVM (EPT violations / #PF). */
  faults = 0;
  /** Faults raised from a cached entry lacking the permission, without a walk (possibly spurious). */
  faultsFromTlb = 0;
  /** IPIs sent by remote flushes and kicks. */
  ipis = 0;
  /** flushRemoteAll / flushRemoteRange / flushVcpus calls. */
  remoteFlushes = 0;
  /** requestFlushAtNextEntry calls. */
  lazyFlushRequests = 0;
  /** KVM_REQ_TLB_FLUSH serviced at a later VM entry (vCPU was outside guest mode, or lazy). */
  servicedAtEntry = 0;
  /** KVM_REQ_TLB_FLUSH serviced right after an IPI (vCPU exited, flushed, re-entered). */
  servicedByIpi = 0;
  /** KVM's `tlb_flush`: once per vCPU per serviced request. */
  tlbFlush = 0;
  /** Local full flushes requested directly (flushLocal). */
  localFlushes = 0;
  /** VM exits modelled (faults, IPIs, PML-full, exitGuest, block). */
  vmExits = 0;
  /** gfns written to PML buffers. */
  pmlLogged = 0;
  /** PML-full VM exits (SDM 28.2.5: exit before the access). */
  pmlFullExits = 0;
  /** PML buffer drains that handed at least one gfn to KVM. */
  pmlDrains = 0;
  /** Modelled cycles (cost model). */
  cycles = 0;
  readonly tlbFlushPerVcpu: Float64Array;

  constructor(vcpus: number) {
    this.tlbFlushPerVcpu = new Float64Array(vcpus);
  }

  reset(): void {
    for (const key of COUNTER_NAMES) this[key] = 0;
    this.tlbFlushPerVcpu.fill(0);
  }

  /** A plain copy for reports. */
  snapshot(): TlbCounterSnapshot {
    const out = {} as Record<CounterName, number>;
    for (const key of COUNTER_NAMES) out[key] = this[key];
    return { ...out, tlbFlushPerVcpu: Array.from(this.tlbFlushPerVcpu) };
  }
}

export type CounterName = Exclude<keyof TlbCounters, 'tlbFlushPerVcpu' | 'reset' | 'snapshot'>;

export type TlbCounterSnapshot = Record<CounterName, number> & { tlbFlushPerVcpu: number[] };

export const COUNTER_NAMES = [
  'accesses',
  'hits',
  'stlbHits',
  'misses',
  'walks',
  'dirtyRewalks',
  'fills',
  'evictions',
  'l1Evictions',
  'invalidatedFlush',
  'invalidatedRange',
  'invalidatedGfn',
  'invalidatedFault',
  'staleHarmless',
  'staleExceeding',
  'faults',
  'faultsFromTlb',
  'ipis',
  'remoteFlushes',
  'lazyFlushRequests',
  'servicedAtEntry',
  'servicedByIpi',
  'tlbFlush',
  'localFlushes',
  'vmExits',
  'pmlLogged',
  'pmlFullExits',
  'pmlDrains',
  'cycles',
] as const satisfies readonly CounterName[];

// Compile-time check that COUNTER_NAMES lists every counter.
type MissingCounter = Exclude<CounterName, (typeof COUNTER_NAMES)[number]>;
const _allCountersListed: [MissingCounter] extends [never] ? true : MissingCounter = true;
