import type { SpteOps } from '@spte-lab/spte-core';
import type { TraceDetails } from './trace-log.js';

/** Trace lines of SPTE changes and flushes, in the SPTE format of the run. */
export class SpteTraceDetails implements TraceDetails {
  constructor(private readonly ops: SpteOps) {}

  spteChange(level: number, oldLo: number, oldHi: number, newLo: number, newHi: number): string {
    const ops = this.ops;
    return `SPTE L${level} ${ops.hex(oldLo, oldHi)} → ${ops.hex(newLo, newHi)} (${this.describe(oldLo, oldHi)} → ${this.describe(newLo, newHi)})`;
  }

  flush(scope: string, ipis: number, requested: number): string {
    return scope === 'next-entry'
      ? 'flush requested at every vCPU’s next entry (no IPI)'
      : scope === 'PML drain kick'
        ? `kicked the vCPUs to drain PML (${ipis} IPIs; no TLB flush)`
        : scope === 'root reload'
          ? `every vCPU loads a new root and flushes locally (${ipis} IPIs)`
          : `remote TLB flush (${scope}): ${ipis} IPIs, ${requested} vCPUs`;
  }

  /** W / MW bits of a SPTE for trace lines (spec §1.6). */
  private describe(lo: number, hi: number): string {
    const ops = this.ops;
    if (!ops.isPresent(lo, hi)) return 'not present';
    return `W=${ops.isWritable(lo, hi) ? 1 : 0} MW=${ops.isMmuWritable(lo, hi) ? 1 : 0}`;
  }
}
