import type { KernelVersion } from '../encoding/kernel-profile.js';
import type { LeafChange, LeafChangeSite, OperationName } from '../ports/flush-policy.js';
import type { SpteOps } from './spte-ops.js';

/**
 * The one mutable LeafChange a VM hands to its policy for every SPTE change (no allocation per
 * change). Derived flags are filled from the SPTE words by the format's operations.
 */
export class LeafChangeRecord implements LeafChange {
  site: LeafChangeSite = 'mmu_set_spte';
  operation: OperationName = 'page_fault';
  gfn = 0;
  level = 1;
  oldLo = 0;
  oldHi = 0;
  newLo = 0;
  newHi = 0;
  oldPresent = false;
  oldLeaf = false;
  newPresent = false;
  pfnChanged = false;
  oldMmuWritable = false;
  newMmuWritable = false;
  oldWritable = false;
  newWritable = false;
  permissionsReduced = false;
  accessedDirtyCleared = false;
  readonly kernelRuleSaysFlush: (kernel: KernelVersion) => boolean;

  get seedTermOnly(): boolean {
    return (
      this.oldLeaf &&
      this.newPresent &&
      this.ops.seedTermOnly(this.oldLo, this.oldHi, this.newLo, this.newHi)
    );
  }

  constructor(private readonly ops: SpteOps) {
    this.kernelRuleSaysFlush = (kernel) =>
      this.oldPresent &&
      this.oldLeaf &&
      this.newPresent &&
      ops.leafChangeNeedsFlush(kernel, this.oldLo, this.oldHi, this.newLo, this.newHi);
  }

  fill(
    operation: OperationName,
    site: LeafChangeSite,
    level: number,
    gfn: number,
    oldLo: number,
    oldHi: number,
    newLo: number,
    newHi: number,
  ): this {
    const ops = this.ops;
    this.operation = operation;
    this.site = site;
    this.level = level;
    this.gfn = gfn;
    this.oldLo = oldLo;
    this.oldHi = oldHi;
    this.newLo = newLo;
    this.newHi = newHi;
    this.oldPresent = ops.isPresent(oldLo, oldHi);
    this.oldLeaf = this.oldPresent && ops.isLeaf(oldLo, oldHi, level);
    this.newPresent = ops.isPresent(newLo, newHi);
    this.pfnChanged =
      this.oldPresent && this.newPresent && ops.pfn(oldLo, oldHi) !== ops.pfn(newLo, newHi);
    this.oldMmuWritable = this.oldPresent && ops.isMmuWritable(oldLo, oldHi);
    this.newMmuWritable = this.newPresent && ops.isMmuWritable(newLo, newHi);
    this.oldWritable = this.oldPresent && ops.isWritable(oldLo, oldHi);
    this.newWritable = this.newPresent && ops.isWritable(newLo, newHi);
    this.permissionsReduced =
      this.oldLeaf &&
      (!this.newPresent ||
        !ops.isLeaf(newLo, newHi, level) ||
        this.pfnChanged ||
        (this.oldWritable && !this.newWritable) ||
        (ops.readable(oldLo, oldHi) && !ops.readable(newLo, newHi)) ||
        (ops.executable(oldLo, oldHi) && !ops.executable(newLo, newHi)));
    this.accessedDirtyCleared =
      this.oldLeaf &&
      this.newPresent &&
      ops.spteAdEnabled(oldLo, oldHi) &&
      ops.accessedDirtyCleared(oldLo, oldHi, newLo, newHi);
    return this;
  }
}
