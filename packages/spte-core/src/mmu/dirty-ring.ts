/**
 * One vCPU's dirty ring (spec §4.5, KVM_CAP_DIRTY_LOG_RING): gfns pushed by
 * `mark_page_dirty_in_slot` while the vCPU runs, harvested by the VMM (which sets the RESET
 * flag) and recycled by KVM_RESET_DIRTY_RINGS. Indices only grow; slots are `index % size`.
 */
import type { StateBuffer } from './state-buffer.js';

export class DirtyRing {
  private readonly gfns: Uint32Array;
  /** Entries pushed, harvested by the VMM, and reset by KVM, counted from the start. */
  private pushed = 0;
  private harvested = 0;
  private resetIndex = 0;

  constructor(
    readonly size: number,
    /** At this many entries in use the vCPU exits with KVM_EXIT_DIRTY_RING_FULL. */
    readonly softLimit: number,
  ) {
    if (softLimit > size)
      throw new RangeError(`dirty ring soft limit ${softLimit} exceeds its size ${size}`);
    this.gfns = new Uint32Array(size);
  }

  get used(): number {
    return this.pushed - this.resetIndex;
  }

  /** KVM_REQ_DIRTY_RING_SOFT_FULL: the vCPU may not enter the guest until entries are reset. */
  get softFull(): boolean {
    return this.used >= this.softLimit;
  }

  push(gfn: number): void {
    if (this.used >= this.size)
      throw new Error('dirty ring overflow: the soft-full exit was skipped');
    this.gfns[this.pushed++ % this.size] = gfn;
  }

  /** The VMM reads the DIRTY entries it has not seen and marks them for reset. */
  harvest(out: number[]): void {
    for (; this.harvested < this.pushed; this.harvested++)
      out.push(this.gfns[this.harvested % this.size]!);
  }

  /** `kvm_dirty_ring_reset`: the entries marked for reset, which KVM re-protects and recycles. */
  takeResettable(out: number[]): number {
    const n = this.harvested - this.resetIndex;
    for (; this.resetIndex < this.harvested; this.resetIndex++)
      out.push(this.gfns[this.resetIndex % this.size]!);
    return n;
  }

  /**
   * What decides the ring's future, canonically (the explorer's state identity): the entries in
   * use, oldest first, and how many of them the VMM has harvested. Returns the new `n`; `out`
   * needs room for `2 + size` words.
   */
  writeIdentity(out: Int32Array, n: number): number {
    out[n++] = this.pushed - this.resetIndex;
    out[n++] = this.harvested - this.resetIndex;
    for (let i = this.resetIndex; i < this.pushed; i++) out[n++] = this.gfns[i % this.size]!;
    return n;
  }

  /** Entries and indices, for the explorer's snapshots. */
  saveState(out: StateBuffer): void {
    out.writeUint32s(this.gfns);
    out.write(this.pushed);
    out.write(this.harvested);
    out.write(this.resetIndex);
  }

  loadState(src: StateBuffer): void {
    src.readUint32s(this.gfns);
    this.pushed = src.read();
    this.harvested = src.read();
    this.resetIndex = src.read();
  }
}
