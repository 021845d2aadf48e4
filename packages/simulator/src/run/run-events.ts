import type {
  LeafChangeSite,
  Memslot,
  MmuEvents,
  OperationName,
  ShootdownResult,
} from '@spte-lab/spte-core';
import type { MigrationOracle } from '../oracle/migration-oracle.js';
import type { ProtectionOracle } from '../oracle/protection-oracle.js';
import type { TraceLog } from '../trace/trace-log.js';

/** The simulator's listener on the MMU model: it feeds the trace log and the oracles. */
export class RunEvents implements MmuEvents {
  /** The global step counter, advanced by the scheduler. */
  step = 0;

  constructor(
    private readonly trace: TraceLog,
    private readonly migration: MigrationOracle,
    private readonly protection: ProtectionOracle,
  ) {}

  spteChanged(
    actor: number,
    site: LeafChangeSite,
    level: number,
    gfn: number,
    oldLo: number,
    oldHi: number,
    newLo: number,
    newHi: number,
  ): void {
    this.trace.recordSpte(this.step, actor, site, level, gfn, oldLo, oldHi, newLo, newHi);
  }

  flushed(actor: number, operation: OperationName, scope: string, result: ShootdownResult): void {
    this.trace.recordFlush(this.step, actor, operation, scope, result.ipis, result.requested);
  }

  milestone(actor: number, operation: string, what: string, gfn: number): void {
    this.trace.record(this.step, actor, operation, what, gfn);
  }

  emulatedWrite(vcpu: number, gfn: number): void {
    // KVM performs the write for the guest: the data changes, and the write trapped.
    this.migration.write(gfn, this.step);
    this.trace.record(this.step, vcpu, 'emulated write', 'write trapped to KVM and emulated', gfn);
  }

  harvested(gfns: readonly number[]): void {
    this.migration.copy(gfns);
  }

  loggingEnabled(): void {
    this.migration.copyAll();
  }

  unsynced(vcpu: number, gfn: number): void {
    this.protection.unprotect(gfn);
    this.trace.record(
      this.step,
      vcpu,
      'mmu_try_to_unsync_pages',
      'shadow page unsync: writes allowed until the next sync',
      gfn,
    );
  }

  /** The write-protection state the oracle expects once a protecting operation returned. */
  unshadowed(actor: number, gfn: number, stillTracked: boolean): void {
    if (!stillTracked) this.protection.unprotect(gfn);
    this.trace.record(
      this.step,
      actor,
      'unaccount_shadowed',
      'shadow page zapped: the gfn is no longer shadowed',
      gfn,
    );
  }

  protectionReturned(gfn: number, memslot: Memslot): void {
    const tracked = memslot.writeTrack[gfn]! > 0;
    const shadowedSynced = memslot.shadowed[gfn] === 1 && memslot.unsync[gfn] === 0;
    if (tracked || shadowedSynced) this.protection.protect(gfn);
    else this.protection.unprotect(gfn);
  }
}
