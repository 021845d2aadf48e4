import type { StateBuffer, TlbShootdown } from '@spte-lab/spte-core';

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
  /** A local invalidation of one vCPU's translations of a gfn (guest INVLPG). */
  invalidateGfn(vcpu: number, gfn: number): number;
  /** The translations a vCPU holds, sorted (for the explorer's state hash and traces). */
  entries(vcpu: number): readonly {
    gfn: number;
    level: number;
    pfn: number;
    readable: boolean;
    writable: boolean;
    executable: boolean;
    dirty: boolean;
  }[];
  /** The vCPU's mode (in guest, outside, blocked, ...). */
  mode(vcpu: number): number;
  /** A KVM_REQ_TLB_FLUSH is pending for the vCPU's next entry. */
  flushPending(vcpu: number): boolean;
  /**
   * Optional: the vCPU's undrained PML entries, count first, written into `out` at `n`
   * (room for 1 + PML_LOG_ENTRIES words); returns the new `n`. Part of the explorer's state identity: without
   * it, states that differ only in pending PML entries are taken for one.
   */
  writePmlIdentity?(vcpu: number, out: Int32Array, n: number): number;
  /** Called with each drained PML buffer (when the TLB model has PML). */
  onPmlDrain: ((vcpu: number, gfns: Uint32Array, count: number) => void) | null;
  /** Adds KVM-side work (fault handling, emulation) to the modelled cycles. */
  chargeCycles(cycles: number): void;
  /** The cycle costs in use (tlb-model's cost table). */
  readonly costs: Readonly<{ fastFault: number; slowFault: number; emulation: number }>;
  /** Counters keyed by name (misses, hits, fills, ipis, ...). */
  counterRecord(): Record<string, number>;
  /**
   * Optional, for `spte-lab check`: `entries(vcpu)` without allocating (flags: readable,
   * writable, executable, dirty, adEnabled as bits 0–4), and the TLBs' state saved and loaded
   * for snapshots. Without them the explorer replays every state from the start (slow).
   */
  forEachEntry?(
    vcpu: number,
    visit: (gfn: number, level: number, pfn: number, flags: number) => void,
  ): void;
  saveState?(out: StateBuffer): void;
  loadState?(src: StateBuffer): void;
}
