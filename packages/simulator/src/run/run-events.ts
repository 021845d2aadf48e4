import {
  actorName,
  type LeafChangeSite,
  type MmuEvents,
  type OperationName,
  type ShootdownResult,
  type SpteOps,
} from '@spte-lab/spte-core';
import type { MigrationOracle } from '../oracle/migration-oracle.js';
import type { TraceLog } from '../trace/trace-log.js';

/** The simulator's listener on the MMU model: it feeds the trace log and the oracle. */
export class RunEvents implements MmuEvents {
  /** The global step counter, advanced by the scheduler. */
  step = 0;

  constructor(
    private readonly trace: TraceLog,
    private readonly oracle: MigrationOracle,
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
    const detail = `SPTE L${level} ${ops.hex(oldLo, oldHi)} → ${ops.hex(newLo, newHi)}`;
    this.trace.record(this.step, actorName(actor), site, detail, gfn);
  }

  flushed(actor: number, operation: OperationName, scope: string, result: ShootdownResult): void {
    const detail = `remote flush (${scope}): ${result.ipis} IPIs, ${result.requested} vCPUs`;
    this.trace.record(this.step, actorName(actor), operation, detail, -1);
  }

  milestone(actor: number, operation: string, what: string, gfn: number): void {
    this.trace.record(this.step, actorName(actor), operation, what, gfn);
  }

  emulatedWrite(vcpu: number, gfn: number): void {
    // KVM performs the write for the guest, so the data changes (and the page was logged).
    this.oracle.write(gfn, this.step);
    this.trace.record(this.step, actorName(vcpu), 'emulated write', 'write trapped to KVM', gfn);
  }

  harvested(gfns: readonly number[]): void {
    this.oracle.copy(gfns);
  }

  loggingEnabled(): void {
    this.oracle.copyAll();
  }
}
