import type { StateBuffer } from '@spte-lab/spte-core';
import { entryScore, keyFirstGfn, keyLevel, keyOverlaps, levelShift } from './entry-bits.js';
import type { VcpuTlb } from './vcpu-tlb.js';

const INITIAL_CAPACITY = 256;

/**
 * Adversarial retention: a TLB of unbounded capacity that never evicts, so every translation a
 * vCPU ever filled stays until an invalidation removes it — the most stale state the
 * architecture permits (SDM 4.10.2.3: the processor may keep entries after the paging structures
 * change; 4.10.4.4: between a change and its invalidation either value may be used).
 *
 * An open-addressing hash map (linear probing, load factor <= 1/2, doubling) in typed arrays,
 * keyed by `vpn * 4 + level`. A full flush is O(1): each slot carries the generation it was
 * written in, and only slots of the current generation are live. Removal uses backward-shift
 * deletion, so no tombstones accumulate.
 *
 * There is no split between instruction and data entries: one entry serves every kind, which
 * can only keep more translations usable than a split would.
 */
export class UnboundedTlb implements VcpuTlb {
  hitPerms = 0;
  hitLevel = 0;
  hitBasePfn = 0;
  hitStamp = 0;
  readonly hitFromStlb = false;

  private keys: Float64Array;
  private gens: Uint32Array;
  private perms: Uint8Array;
  private basePfn: Float64Array;
  /** The walker's change stamp when each entry was filled (0: unknown). */
  private stamps: Uint32Array;
  private mask: number;
  private gen = 1;
  private live = 0;
  /** Live entries per level (index 1..3): lookups skip sizes that have none. */
  private readonly levelLive = new Int32Array(4);

  constructor(initialCapacity = INITIAL_CAPACITY) {
    const capacity = Math.max(8, 2 ** Math.ceil(Math.log2(initialCapacity)));
    this.keys = new Float64Array(capacity);
    this.gens = new Uint32Array(capacity);
    this.perms = new Uint8Array(capacity);
    this.basePfn = new Float64Array(capacity);
    this.stamps = new Uint32Array(capacity);
    this.mask = capacity - 1;
  }

  get capacity(): number {
    return this.keys.length;
  }

  find(gfn: number, kind: number, _touch: boolean): boolean {
    let best = 0;
    let bestSlot = -1;
    let bestLevel = 0;
    for (let level = 1; level <= 3; level++) {
      if (this.levelLive[level] === 0) continue;
      const slot = this.slotOf(gfn >>> levelShift(level), level);
      if (slot === -1) continue;
      const score = entryScore(this.perms[slot]!, kind);
      if (score > best) {
        best = score;
        bestSlot = slot;
        bestLevel = level;
        if (score === 3) break;
      }
    }
    if (bestSlot === -1) return false;
    this.hitPerms = this.perms[bestSlot]!;
    this.hitLevel = bestLevel;
    this.hitBasePfn = this.basePfn[bestSlot]!;
    this.hitStamp = this.stamps[bestSlot]!;
    return true;
  }

  fill(gfn: number, _kind: number, level: number, basePfn: number, perms: number, stamp = 0): void {
    if ((this.live + 1) * 2 > this.keys.length) this.grow();
    const vpn = gfn >>> levelShift(level);
    const key = vpn * 4 + level;
    const mask = this.mask;
    const keys = this.keys;
    const gens = this.gens;
    const gen = this.gen;
    let i = hash(vpn, level) & mask;
    while (gens[i] === gen && keys[i] !== key) i = (i + 1) & mask;
    if (gens[i] !== gen) {
      keys[i] = key;
      gens[i] = gen;
      this.live++;
      this.levelLive[level]!++;
    }
    this.perms[i] = perms;
    this.basePfn[i] = basePfn;
    this.stamps[i] = stamp;
  }

  removeLevel(gfn: number, level: number): number {
    const slot = this.slotOf(gfn >>> levelShift(level), level);
    if (slot === -1) return 0;
    this.deleteSlot(slot);
    return 1;
  }

  invalidateGfn(gfn: number): number {
    return this.removeLevel(gfn, 1) + this.removeLevel(gfn, 2) + this.removeLevel(gfn, 3);
  }

  invalidateRange(gfn: number, count: number): number {
    if (this.live === 0 || count <= 0) return 0;
    // Probe page by page when the range is small, else rebuild from a scan.
    if (count * 3 <= this.keys.length / 4) {
      let removed = 0;
      const end = gfn + count - 1;
      for (let level = 1; level <= 3; level++) {
        if (this.levelLive[level] === 0) continue;
        const shift = levelShift(level);
        const last = Math.floor(end / 2 ** shift);
        for (let vpn = Math.floor(gfn / 2 ** shift); vpn <= last; vpn++) {
          const slot = this.slotOf(vpn, level);
          if (slot !== -1) {
            this.deleteSlot(slot);
            removed++;
          }
        }
      }
      return removed;
    }
    const before = this.live;
    this.rehash(this.keys.length, (key) => !keyOverlaps(key, gfn, count));
    return before - this.live;
  }

  flushAll(): number {
    const n = this.live;
    this.live = 0;
    this.levelLive.fill(0);
    if (this.gen === 0xffffffff) {
      this.gens.fill(0);
      this.gen = 1;
    } else {
      this.gen++;
    }
    return n;
  }

  size(): number {
    return this.live;
  }

  forEach(visit: (key: number, perms: number, basePfn: number) => void): void {
    // Stop at the last live entry: a few entries in a large table leave most slots unread.
    for (let i = 0, left = this.live; left > 0 && i < this.keys.length; i++) {
      if (this.gens[i] === this.gen) {
        visit(this.keys[i]!, this.perms[i]!, this.basePfn[i]!);
        left--;
      }
    }
  }

  /**
   * The live entries as (key, perms, base pfn) triples; the slot layout is not kept, nor the
   * change stamps (loaded entries have none, so their stale-hit classification walks).
   */
  saveState(out: StateBuffer): void {
    out.write(this.live);
    const { keys, gens, gen } = this;
    for (let i = 0, left = this.live; left > 0 && i < keys.length; i++) {
      if (gens[i] !== gen) continue;
      out.write(keys[i]!);
      out.write(this.perms[i]!);
      out.write(this.basePfn[i]!);
      left--;
    }
  }

  /** Empties the TLB (an O(1) flush) and refills it with the saved entries. */
  loadState(src: StateBuffer): void {
    this.flushAll();
    for (let n = src.read(); n > 0; n--) {
      const key = src.read();
      const perms = src.read();
      const basePfn = src.read();
      this.fill(keyFirstGfn(key), 0, keyLevel(key), basePfn, perms);
    }
  }

  private slotOf(vpn: number, level: number): number {
    const key = vpn * 4 + level;
    const mask = this.mask;
    const keys = this.keys;
    const gens = this.gens;
    const gen = this.gen;
    let i = hash(vpn, level) & mask;
    while (gens[i] === gen) {
      if (keys[i] === key) return i;
      i = (i + 1) & mask;
    }
    return -1;
  }

  /** Backward-shift deletion for linear probing. */
  private deleteSlot(slot: number): void {
    const mask = this.mask;
    const keys = this.keys;
    const gens = this.gens;
    const gen = this.gen;
    this.levelLive[keys[slot]! % 4]!--;
    let hole = slot;
    let j = slot;
    for (;;) {
      j = (j + 1) & mask;
      if (gens[j] !== gen) break;
      const key = keys[j]!;
      const level = key % 4;
      const home = hash((key - level) / 4, level) & mask;
      // Move j into the hole unless its home lies cyclically in (hole, j].
      const homeInRange = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (!homeInRange) {
        keys[hole] = key;
        this.perms[hole] = this.perms[j]!;
        this.basePfn[hole] = this.basePfn[j]!;
        this.stamps[hole] = this.stamps[j]!;
        hole = j;
      }
    }
    gens[hole] = 0;
    this.live--;
  }

  private grow(): void {
    this.rehash(this.keys.length * 2, () => true);
  }

  private rehash(capacity: number, keep: (key: number) => boolean): void {
    const oldKeys = this.keys;
    const oldGens = this.gens;
    const oldPerms = this.perms;
    const oldPfn = this.basePfn;
    const oldStamps = this.stamps;
    const oldGen = this.gen;
    this.keys = new Float64Array(capacity);
    this.gens = new Uint32Array(capacity);
    this.perms = new Uint8Array(capacity);
    this.basePfn = new Float64Array(capacity);
    this.stamps = new Uint32Array(capacity);
    this.mask = capacity - 1;
    this.gen = 1;
    this.live = 0;
    this.levelLive.fill(0);
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldGens[i] !== oldGen) continue;
      const key = oldKeys[i]!;
      if (!keep(key)) continue;
      const level = key % 4;
      const vpn = (key - level) / 4;
      this.fill(vpn * 2 ** levelShift(level), 0, level, oldPfn[i]!, oldPerms[i]!, oldStamps[i]!);
    }
  }
}

/** 32-bit mix of (vpn, level): multiply-xorshift, as in MurmurHash3's finaliser. */
function hash(vpn: number, level: number): number {
  let h = (vpn | 0) ^ Math.imul(level, 0x9e3779b9);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
