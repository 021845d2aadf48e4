import type { TlbShootdown } from '@spte-lab/spte-core';

/**
 * What a run needs of the hardware TLB model beyond the shootdown port: guest accesses and
 * vCPU mode changes. tlb-model's TlbModel provides it.
 */
export interface GuestTlb extends TlbShootdown {
  /** Performs one guest access; returns ACCESS_HIT, ACCESS_FILL or ACCESS_FAULT. */
  access(vcpu: number, gfn: number, kind: number): number;
  /** The host pfn the last completed access used. */
  readonly lastPfn: number;
  /** 0 fresh entry, 1 stale but harmless, 2 stale and beyond what the SPTE allows. */
  readonly lastStale: number;
  enterGuest(vcpu: number): void;
  exitGuest(vcpu: number): void;
  /** A local full flush of one vCPU's TLB (the guest flushed its own TLB). */
  flushLocal(vcpu: number): number;
  /** Counters keyed by name (misses, hits, fills, ipis, ...). */
  counterRecord(): Record<string, number>;
}
