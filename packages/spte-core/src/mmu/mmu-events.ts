import type { LeafChangeSite, OperationName } from '../ports/flush-policy.js';
import type { ShootdownResult } from '../ports/tlb-shootdown.js';

/**
 * What the MMU model tells the world as it runs: the simulator's oracle and trace listen.
 * Methods receive plain numbers so that the model allocates nothing to report.
 */
export interface MmuEvents {
  spteChanged(
    actor: number,
    site: LeafChangeSite,
    level: number,
    gfn: number,
    oldLo: number,
    oldHi: number,
    newLo: number,
    newHi: number,
  ): void;
  /** A remote flush was carried out; `scope` is 'all', 'range' or 'vcpus'. */
  flushed(actor: number, operation: OperationName, scope: string, result: ShootdownResult): void;
  /**
   * Something worth a trace line happened: an operation passed a milestone ('lock', 'unlock',
   * 'return', a fault result), or (from the simulator) a guest access worth noting.
   */
  milestone(actor: number, operation: string, what: string, gfn: number): void;
  /** KVM wrote guest memory for the guest (an emulated write after a write-protected fault). */
  emulatedWrite(vcpu: number, gfn: number): void;
  /** GET_DIRTY_LOG returned these gfns to the VMM (spec §4.3). */
  harvested(gfns: readonly number[]): void;
  /** A write fault made a shadowed gfn's page unsync and writable (spec §3.2, §3.10). */
  unsynced(vcpu: number, gfn: number): void;
  /**
   * A guest page table's shadow pages were zapped (`unaccount_shadowed`, spec §3.8): writes
   * to it no longer need to trap, unless it is still write-tracked.
   */
  unshadowed(actor: number, gfn: number, stillTracked: boolean): void;
  /** Enabling dirty logging returned (the VMM starts its bulk copy). */
  loggingEnabled(): void;
}

export const NO_MMU_EVENTS: MmuEvents = {
  spteChanged: () => {},
  flushed: () => {},
  milestone: () => {},
  emulatedWrite: () => {},
  harvested: () => {},
  unsynced: () => {},
  unshadowed: () => {},
  loggingEnabled: () => {},
};
