import {
  actorName,
  type LeafChangeSite,
  type Memslot,
  type MmuEvents,
  type OperationName,
  type ShootdownResult,
  type SpteOps,
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
    private readonly ops: SpteOps,
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
    const ops = this.ops;
    const detail = `SPTE L${level} ${ops.hex(oldLo, oldHi)} → ${ops.hex(newLo, newHi)} (${describe(ops, oldLo, oldHi)} → ${describe(ops, newLo, newHi)})`;
    // A huge SPTE's change belongs to every gfn it maps.
    const span = 2 ** (9 * (level - 1));
    this.trace.record(this.step, actorName(actor), site, detail, gfn - (gfn % span), span);
  }

  flushed(actor: number, operation: OperationName, scope: string, result: ShootdownResult): void {
    const detail =
      scope === 'next-entry'
        ? 'flush requested at every vCPU’s next entry (no IPI)'
        : scope === 'PML drain kick'
          ? `kicked the vCPUs to drain PML (${result.ipis} IPIs; no TLB flush)`
          : scope === 'root reload'
            ? `every vCPU loads a new root and flushes locally (${result.ipis} IPIs)`
            : `remote TLB flush (${scope}): ${result.ipis} IPIs, ${result.requested} vCPUs`;
    this.trace.record(this.step, actorName(actor), operation, detail, -1);
  }

  milestone(actor: number, operation: string, what: string, gfn: number): void {
    this.trace.record(this.step, actorName(actor), operation, what, gfn);
  }

  emulatedWrite(vcpu: number, gfn: number): void {
    // KVM performs the write for the guest: the data changes, and the write trapped.
    this.migration.write(gfn, this.step);
    this.trace.record(
      this.step,
      actorName(vcpu),
      'emulated write',
      'write trapped to KVM and emulated',
      gfn,
    );
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
      actorName(vcpu),
      'mmu_try_to_unsync_pages',
      'shadow page unsync: writes allowed until the next sync',
      gfn,
    );
  }

  /** The write-protection state the oracle expects once a protecting operation returned. */
  protectionReturned(gfn: number, memslot: Memslot): void {
    const tracked = memslot.writeTrack[gfn]! > 0;
    const shadowedSynced = memslot.shadowed[gfn] === 1 && memslot.unsync[gfn] === 0;
    if (tracked || shadowedSynced) this.protection.protect(gfn);
    else this.protection.unprotect(gfn);
  }
}

/** W / MW bits of a SPTE for trace lines (spec §1.6). */
function describe(ops: SpteOps, lo: number, hi: number): string {
  if (!ops.isPresent(lo, hi)) return 'not present';
  return `W=${ops.isWritable(lo, hi) ? 1 : 0} MW=${ops.isMmuWritable(lo, hi) ? 1 : 0}`;
}
