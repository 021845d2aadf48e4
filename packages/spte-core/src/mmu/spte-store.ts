/**
 * The SPTE store: SPTEs for 4K, 2M and 1G mappings in typed arrays, two 32-bit words per SPTE
 * (ARCHITECTURE.md "64-bit values"). A 2M entry is a huge leaf, a page table (a non-leaf SPTE,
 * linked when its first 4K leaf is installed, possibly empty after its leaves were zapped:
 * spec §12.2) or non-present; a gfn is mapped by the largest present leaf covering it. Tables
 * above 2M are implicit. It is the read-only port the hardware walker uses.
 */
import { PG_LEVEL_1G, PG_LEVEL_4K } from '../encoding/constants.js';
import type { SpteWalkPort, WalkResult } from '../ports/spte-walk.js';
import type { SpteOps } from './spte-ops.js';
import type { StateBuffer } from './state-buffer.js';

/** log2 of KVM_PAGES_PER_HPAGE(level) (spec §1.5). */
export function levelShift(level: number): number {
  return 9 * (level - 1);
}

export class SpteStore implements SpteWalkPort {
  /** Indexed by level - 1, then by `gfn >>> levelShift(level)`. */
  readonly lo: readonly [Uint32Array, Uint32Array, Uint32Array];
  readonly hi: readonly [Uint32Array, Uint32Array, Uint32Array];
  private readonly scratch = new Uint32Array(2);
  /**
   * Change stamps (issue 20): per SPTE, the value of `clock` when it was last written, so that
   * tlb-model's stale-hit classification can tell "unchanged since the fill" without a walk.
   * `floor`: a loadState counts as a write of every SPTE. 0 means "never": the clock starts at 1.
   */
  private readonly stamps: readonly [Uint32Array, Uint32Array, Uint32Array];
  private clock = 1;
  private floor = 0;

  constructor(
    readonly gfns: number,
    private readonly ops: SpteOps,
  ) {
    const make = (level: number, fill: number): Uint32Array =>
      new Uint32Array(Math.max(1, Math.ceil(gfns / 2 ** levelShift(level)))).fill(fill);
    this.lo = [make(1, ops.nonPresentLo), make(2, ops.nonPresentLo), make(3, ops.nonPresentLo)];
    this.hi = [make(1, ops.nonPresentHi), make(2, ops.nonPresentHi), make(3, ops.nonPresentHi)];
    this.stamps = [make(1, 0), make(2, 0), make(3, 0)];
  }

  /**
   * The stamp of "now" for `changedSince`: a TLB fill records it after the walk and the A/D
   * assist. 0 once the 32-bit clock is used up: stamps then tell nothing.
   */
  get changeClock(): number {
    return this.clock === 0xffffffff ? 0 : this.clock;
  }

  /**
   * Whether any SPTE a walk of `gfn` reads at `level` and above may have been written since
   * `changeClock` was `stamp` (a leaf of `level` found then hides the levels below it).
   */
  changedSince(gfn: number, level: number, stamp: number): boolean {
    if (stamp === 0 || this.floor >= stamp) return true;
    for (let l = level; l <= PG_LEVEL_1G; l++)
      if (this.stamps[l - 1]![gfn >>> levelShift(l)]! >= stamp) return true;
    return false;
  }

  /** The level of the present leaf that maps `gfn`, or 0. */
  leafLevel(gfn: number): number {
    for (let level = PG_LEVEL_1G; level >= PG_LEVEL_4K; level--) {
      const i = gfn >>> levelShift(level);
      const lo = this.lo[level - 1]![i]!;
      const hi = this.hi[level - 1]![i]!;
      if (this.ops.isPresent(lo, hi) && this.ops.isLeaf(lo, hi, level)) return level;
    }
    return 0;
  }

  readLo(level: number, gfn: number): number {
    return this.lo[level - 1]![gfn >>> levelShift(level)]!;
  }

  readHi(level: number, gfn: number): number {
    return this.hi[level - 1]![gfn >>> levelShift(level)]!;
  }

  write(level: number, gfn: number, lo: number, hi: number): void {
    const i = gfn >>> levelShift(level);
    this.lo[level - 1]![i] = lo;
    this.hi[level - 1]![i] = hi;
    this.stamps[level - 1]![i] = this.clock;
    if (this.clock !== 0xffffffff) this.clock++;
  }

  /**
   * Links a page table at 2M for `gfn`'s region if there is none (`tdp_mmu_link_sp` /
   * `link_shadow_page` on a non-present entry: no flush); the caller installs a 4K leaf.
   */
  linkTable(gfn: number): void {
    const i = gfn >>> 9;
    if (this.ops.isPresent(this.lo[1]![i]!, this.hi[1]![i]!)) return;
    this.ops.makeNonLeaf(this.scratch);
    this.lo[1]![i] = this.scratch[0]!;
    this.hi[1]![i] = this.scratch[1]!;
  }

  /**
   * Every page table goes with its root (`kvm_mmu_zap_all_fast`); leaves must be gone already.
   * Returns whether there was any.
   */
  dropTables(): boolean {
    const lo = this.lo[1]!;
    const hi = this.hi[1]!;
    let any = false;
    for (let i = 0; i < lo.length; i++) {
      if (!this.ops.isPresent(lo[i]!, hi[i]!)) continue;
      lo[i] = this.ops.nonPresentLo;
      hi[i] = this.ops.nonPresentHi;
      any = true;
    }
    return any;
  }

  walk(gfn: number, out: WalkResult): void {
    const level = this.leafLevel(gfn);
    out.level = level;
    if (level === 0) {
      out.readable = out.writable = out.executable = out.dirty = out.adEnabled = false;
      out.pfn = 0;
      return;
    }
    const lo = this.readLo(level, gfn);
    const hi = this.readHi(level, gfn);
    const ops = this.ops;
    out.pfn = ops.pfn(lo, hi) + (gfn & (2 ** levelShift(level) - 1));
    out.readable = ops.readable(lo, hi);
    out.writable = ops.isWritable(lo, hi);
    out.executable = ops.executable(lo, hi);
    out.dirty = ops.dirty(lo, hi);
    out.adEnabled = ops.spteAdEnabled(lo, hi);
  }

  /** Every level's SPTE words, for the explorer's snapshots. */
  saveState(out: StateBuffer): void {
    for (let level = 0; level < 3; level++) {
      out.writeUint32s(this.lo[level]!);
      out.writeUint32s(this.hi[level]!);
    }
  }

  loadState(src: StateBuffer): void {
    for (let level = 0; level < 3; level++) {
      src.readUint32s(this.lo[level]!);
      src.readUint32s(this.hi[level]!);
    }
    this.floor = this.clock;
    if (this.clock !== 0xffffffff) this.clock++;
  }

  setAccessedDirty(gfn: number, dirty: boolean): void {
    const level = this.leafLevel(gfn);
    if (level === 0) return;
    this.ops.setAccessedDirty(
      this.readLo(level, gfn),
      this.readHi(level, gfn),
      dirty,
      this.scratch,
    );
    this.write(level, gfn, this.scratch[0]!, this.scratch[1]!);
  }
}
