import type { StateBuffer } from '@spte-lab/spte-core';

/**
 * Oracle (a) of ARCHITECTURE.md: every guest write bumps the page's version; the VMM copies
 * each page a harvest returns at the moment it returns (and every page when logging is
 * enabled); after the final pause-and-harvest every copied version must equal the true one.
 */
export class MigrationOracle {
  private readonly trueVersion: Uint32Array;
  private readonly copied: Uint32Array;
  /** Step of the first write since the page was last copied (0: none), for the trace. */
  private readonly firstUncopiedWrite: Float64Array;

  constructor(gfns: number) {
    this.trueVersion = new Uint32Array(gfns);
    this.copied = new Uint32Array(gfns);
    this.firstUncopiedWrite = new Float64Array(gfns);
  }

  write(gfn: number, step: number): void {
    if (this.trueVersion[gfn] === this.copied[gfn]) this.firstUncopiedWrite[gfn] = step;
    this.trueVersion[gfn]!++;
  }

  /** The VMM's bulk copy once enabling dirty logging has returned. */
  copyAll(): void {
    this.copied.set(this.trueVersion);
  }

  copy(gfns: readonly number[]): void {
    for (const gfn of gfns) this.copied[gfn] = this.trueVersion[gfn]!;
  }

  /** The step of the first write the destination never received. */
  firstLostWriteStep(gfn: number): number {
    return this.firstUncopiedWrite[gfn]!;
  }

  /** Gfns whose last write never reached the destination. */
  lostPages(): number[] {
    const lost: number[] = [];
    for (let gfn = 0; gfn < this.copied.length; gfn++) {
      if (this.copied[gfn] !== this.trueVersion[gfn]) lost.push(gfn);
    }
    return lost;
  }

  /** The oracle's whole state, for the explorer's state hash. */
  fingerprint(): string {
    return `${this.trueVersion.join(',')}|${this.copied.join(',')}`;
  }

  versions(gfn: number): { copied: number; actual: number } {
    return { copied: this.copied[gfn]!, actual: this.trueVersion[gfn]! };
  }

  /** `versions(gfn).actual` without allocating (the explorer's state hash). */
  actualVersion(gfn: number): number {
    return this.trueVersion[gfn]!;
  }

  /** `versions(gfn).copied` without allocating. */
  copiedVersion(gfn: number): number {
    return this.copied[gfn]!;
  }

  /** Versions and first-write steps, for the explorer's snapshots. */
  saveState(out: StateBuffer): void {
    out.writeUint32s(this.trueVersion);
    out.writeUint32s(this.copied);
    out.writeFloat64s(this.firstUncopiedWrite);
  }

  loadState(src: StateBuffer): void {
    src.readUint32s(this.trueVersion);
    src.readUint32s(this.copied);
    src.readFloat64s(this.firstUncopiedWrite);
  }
}
