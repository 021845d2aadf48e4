import type { TlbCounters } from '../counters.js';
import { entryScore, keyLevel, keyVpn, levelShift } from './entry-bits.js';
import type { TlbGeometry } from './geometry.js';
import type { Replacement } from './replacement.js';
import { SetAssocArray } from './set-assoc-array.js';
import type { VcpuTlb } from './vcpu-tlb.js';

const EXEC = 2;

/**
 * Realistic retention: a Skylake-like hierarchy (geometry.ts) — L1 data and instruction TLBs
 * split by page size, over a unified STLB (4K+2M) and a 1G STLB array.
 *
 * The STLB is modelled as inclusive of the L1 structures: when it evicts a translation the L1
 * copies go too. Intel does not document inclusion; this choice keeps "a translation is cached"
 * equal to "it is in the STLB", so invalidation counts are per translation, not per copy.
 * An L1 miss that hits the STLB refills the L1 (a few cycles, `stlbHit` in the cost model).
 */
export class SetAssocTlb implements VcpuTlb {
  hitPerms = 0;
  hitLevel = 0;
  hitBasePfn = 0;
  hitFromStlb = false;
  /** Entries keep no change stamp here: classification always walks. */
  readonly hitStamp = 0;

  private readonly l1d: readonly [SetAssocArray, SetAssocArray, SetAssocArray];
  private readonly l1i: readonly [SetAssocArray, SetAssocArray, SetAssocArray];
  private readonly stlb: SetAssocArray;
  private readonly stlb1g: SetAssocArray;
  private readonly all: readonly SetAssocArray[];

  constructor(
    geometry: TlbGeometry,
    replacement: Replacement,
    private readonly counters: TlbCounters,
  ) {
    const make = (name: keyof TlbGeometry) => new SetAssocArray(geometry[name], replacement);
    this.l1d = [make('l1d4k'), make('l1d2m'), make('l1d1g')];
    this.l1i = [make('l1i4k'), make('l1i2m'), make('l1i1g')];
    this.stlb = make('stlb');
    this.stlb1g = make('stlb1g');
    this.all = [...this.l1d, ...this.l1i, this.stlb, this.stlb1g];
  }

  find(gfn: number, kind: number, touch: boolean): boolean {
    const l1 = kind === EXEC ? this.l1i : this.l1d;
    // Fast path, most hits: a 4K L1 entry that completes the access is the first the general
    // search below would take (it probes level 1 first and stops at score 3).
    const small = l1[0];
    const smallSlot = small.live === 0 ? -1 : small.find(gfn * 4 + 1, gfn);
    if (smallSlot !== -1) {
      const perms = small.perms[smallSlot]!;
      if (entryScore(perms, kind) === 3) {
        this.hitPerms = perms;
        this.hitLevel = 1;
        this.hitBasePfn = small.basePfn[smallSlot]!;
        this.hitFromStlb = false;
        if (touch) small.touch(smallSlot);
        return true;
      }
    }
    return this.findAnyLevel(l1, gfn, kind, touch, smallSlot);
  }

  /**
   * The general search: the most useful entry over every L1 size, else over the STLBs.
   * `smallSlot` is what the fast path found in the 4K L1 array (-1: nothing), not probed again.
   */
  private findAnyLevel(
    l1: readonly [SetAssocArray, SetAssocArray, SetAssocArray],
    gfn: number,
    kind: number,
    touch: boolean,
    smallSlot: number,
  ): boolean {
    let best = 0;
    let bestArray: SetAssocArray | null = null;
    let bestSlot = -1;
    let bestLevel = 0;
    if (smallSlot !== -1) {
      best = entryScore(l1[0].perms[smallSlot]!, kind);
      bestArray = l1[0];
      bestSlot = smallSlot;
      bestLevel = 1;
    }
    // L1: every page size is probed (the hardware looks them up in parallel).
    for (let level = 2; level <= 3; level++) {
      const array = l1[level - 1]!;
      if (array.live === 0) continue;
      const vpn = gfn >>> levelShift(level);
      const slot = array.find(vpn * 4 + level, vpn);
      if (slot === -1) continue;
      const score = entryScore(array.perms[slot]!, kind);
      if (score > best) {
        best = score;
        bestArray = array;
        bestSlot = slot;
        bestLevel = level;
        if (score === 3) break;
      }
    }
    let fromStlb = false;
    if (bestArray === null) {
      for (let level = 1; level <= 3; level++) {
        const array = level === 3 ? this.stlb1g : this.stlb;
        if (array.levelLive[level] === 0) continue;
        const vpn = gfn >>> levelShift(level);
        const slot = array.find(vpn * 4 + level, vpn);
        if (slot === -1) continue;
        const score = entryScore(array.perms[slot]!, kind);
        if (score > best) {
          best = score;
          bestArray = array;
          bestSlot = slot;
          bestLevel = level;
          if (score === 3) break;
        }
      }
      if (bestArray === null) return false;
      fromStlb = true;
    }
    const perms = bestArray.perms[bestSlot]!;
    const basePfn = bestArray.basePfn[bestSlot]!;
    this.hitPerms = perms;
    this.hitLevel = bestLevel;
    this.hitBasePfn = basePfn;
    this.hitFromStlb = fromStlb;
    if (touch) {
      bestArray.touch(bestSlot);
      if (fromStlb) this.insertL1(l1, gfn, bestLevel, perms, basePfn);
    }
    return true;
  }

  fill(gfn: number, kind: number, level: number, basePfn: number, perms: number): void {
    const vpn = gfn >>> levelShift(level);
    const key = vpn * 4 + level;
    const stlb = level === 3 ? this.stlb1g : this.stlb;
    const evicted = stlb.insert(key, vpn, perms, basePfn);
    if (evicted !== -1) {
      this.counters.evictions++;
      // Inclusive STLB: the L1 copies of the victim go with it.
      this.removeFromL1(evicted);
    }
    this.insertL1(kind === EXEC ? this.l1i : this.l1d, gfn, level, perms, basePfn);
  }

  removeLevel(gfn: number, level: number): number {
    const vpn = gfn >>> levelShift(level);
    const key = vpn * 4 + level;
    this.l1d[level - 1]!.remove(key, vpn);
    this.l1i[level - 1]!.remove(key, vpn);
    return (level === 3 ? this.stlb1g : this.stlb).remove(key, vpn);
  }

  invalidateGfn(gfn: number): number {
    return this.removeLevel(gfn, 1) + this.removeLevel(gfn, 2) + this.removeLevel(gfn, 3);
  }

  invalidateRange(gfn: number, count: number): number {
    for (const array of this.l1d) array.removeOverlapping(gfn, count);
    for (const array of this.l1i) array.removeOverlapping(gfn, count);
    return this.stlb.removeOverlapping(gfn, count) + this.stlb1g.removeOverlapping(gfn, count);
  }

  flushAll(): number {
    const n = this.size();
    for (const array of this.all) array.clear();
    return n;
  }

  size(): number {
    return this.stlb.live + this.stlb1g.live;
  }

  forEach(visit: (key: number, perms: number, basePfn: number) => void): void {
    for (const array of [this.stlb, this.stlb1g]) {
      for (let i = 0; i < array.capacity; i++) {
        const key = array.keys[i]!;
        if (key !== -1) visit(key, array.perms[i]!, array.basePfn[i]!);
      }
    }
  }

  private insertL1(
    l1: readonly SetAssocArray[],
    gfn: number,
    level: number,
    perms: number,
    basePfn: number,
  ): void {
    const vpn = gfn >>> levelShift(level);
    if (l1[level - 1]!.insert(vpn * 4 + level, vpn, perms, basePfn) !== -1) {
      this.counters.l1Evictions++;
    }
  }

  private removeFromL1(key: number): void {
    const level = keyLevel(key);
    const vpn = keyVpn(key);
    this.l1d[level - 1]!.remove(key, vpn);
    this.l1i[level - 1]!.remove(key, vpn);
  }
}
