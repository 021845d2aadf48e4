import type { SpteWalkPort, WalkResult } from '@spte-lab/spte-core';

/** A leaf SPTE as the fake store keeps it (already decoded; the TLB model never sees bits). */
export interface FakeLeaf {
  level: number;
  /** pfn of the first 4K page of the leaf. */
  pfn: number;
  r: boolean;
  w: boolean;
  x: boolean;
  a: boolean;
  d: boolean;
  ad: boolean;
}

const shift = (level: number) => 9 * (level - 1);

/**
 * A small in-memory SPTE store implementing SpteWalkPort: leaves keyed by (level, page number).
 * A walk returns the largest present leaf covering the gfn, as spte-core's store does.
 */
export class FakeWalker implements SpteWalkPort {
  readonly leaves = new Map<number, FakeLeaf>();
  walks = 0;
  readonly adCalls: { gfn: number; dirty: boolean }[] = [];
  /** Called after any change of a leaf (tests use it to record SPTE history). */
  onChange: ((level: number, firstGfn: number, leaf: FakeLeaf | undefined) => void) | null = null;

  set(gfn: number, leaf: Partial<FakeLeaf> & { pfn: number }): FakeLeaf {
    const level = leaf.level ?? 1;
    const full: FakeLeaf = {
      level,
      pfn: leaf.pfn,
      r: leaf.r ?? true,
      w: leaf.w ?? true,
      x: leaf.x ?? false,
      a: leaf.a ?? false,
      d: leaf.d ?? false,
      ad: leaf.ad ?? true,
    };
    this.leaves.set(this.key(gfn, level), full);
    this.onChange?.(level, (gfn >>> shift(level)) * 2 ** shift(level), full);
    return full;
  }

  /** Changes fields of the leaf mapping `gfn` (at `level`), as an SPTE update would. */
  update(gfn: number, changes: Partial<FakeLeaf>, level = 1): FakeLeaf {
    const leaf = this.leaves.get(this.key(gfn, level));
    if (leaf === undefined) throw new Error(`no level-${level} leaf for gfn ${gfn}`);
    Object.assign(leaf, changes);
    this.onChange?.(level, (gfn >>> shift(level)) * 2 ** shift(level), leaf);
    return leaf;
  }

  remove(gfn: number, level = 1): void {
    this.leaves.delete(this.key(gfn, level));
    this.onChange?.(level, (gfn >>> shift(level)) * 2 ** shift(level), undefined);
  }

  leafFor(gfn: number): FakeLeaf | undefined {
    for (let level = 3; level >= 1; level--) {
      const leaf = this.leaves.get(this.key(gfn, level));
      if (leaf !== undefined) return leaf;
    }
    return undefined;
  }

  walk(gfn: number, out: WalkResult): void {
    this.walks++;
    const leaf = this.leafFor(gfn);
    if (leaf === undefined || !(leaf.r || leaf.w || leaf.x)) {
      out.level = 0;
      out.pfn = 0;
      out.readable = out.writable = out.executable = out.dirty = out.adEnabled = false;
      return;
    }
    out.level = leaf.level;
    out.pfn = leaf.pfn + (gfn - (gfn >>> shift(leaf.level)) * 2 ** shift(leaf.level));
    out.readable = leaf.r;
    out.writable = leaf.w;
    out.executable = leaf.x;
    out.dirty = leaf.d;
    out.adEnabled = leaf.ad;
  }

  setAccessedDirty(gfn: number, dirty: boolean): void {
    this.adCalls.push({ gfn, dirty });
    const leaf = this.leafFor(gfn);
    if (leaf === undefined) throw new Error(`A/D assist on unmapped gfn ${gfn}`);
    leaf.a = true;
    if (dirty) leaf.d = true;
    this.onChange?.(leaf.level, (gfn >>> shift(leaf.level)) * 2 ** shift(leaf.level), leaf);
  }

  private key(gfn: number, level: number): number {
    return (gfn >>> shift(level)) * 4 + level;
  }
}
