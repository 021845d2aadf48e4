import type { StateBuffer } from '@spte-lab/spte-core';

/**
 * Oracle (b) of ARCHITECTURE.md (spec §5): once a write-protection has returned — a write-track
 * add, KVM shadowing a guest page table, or a sync re-protecting an unsync one — every guest
 * write to that gfn must trap to KVM, until the protection is lifted (track removed, page
 * gone unsync).
 */
export class ProtectionOracle {
  private readonly protectedGfn: Uint8Array;

  constructor(gfns: number) {
    this.protectedGfn = new Uint8Array(gfns);
  }

  protect(gfn: number): void {
    this.protectedGfn[gfn] = 1;
  }

  unprotect(gfn: number): void {
    this.protectedGfn[gfn] = 0;
  }

  /** The oracle's whole state, for the explorer's state hash. */
  fingerprint(): string {
    return this.protectedGfn.join('');
  }

  /** A guest write completed without trapping: was the gfn supposed to trap? */
  writeMustHaveTrapped(gfn: number): boolean {
    return this.protectedGfn[gfn] === 1;
  }

  /** The protected gfns, for the explorer's snapshots. */
  saveState(out: StateBuffer): void {
    out.writeUint8s(this.protectedGfn);
  }

  loadState(src: StateBuffer): void {
    src.readUint8s(this.protectedGfn);
  }
}
