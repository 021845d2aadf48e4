import { keyOverlaps } from './entry-bits.js';
import type { ArrayGeometry } from './geometry.js';
import type { Replacement } from './replacement.js';

/**
 * One set-associative TLB structure in typed arrays: key (translation id, -1 = empty),
 * permissions byte, base pfn and an LRU stamp per slot. The set is chosen by the low bits of
 * the page number at the entry's level. Nothing here allocates after construction.
 */
export class SetAssocArray {
  readonly ways: number;
  readonly setMask: number;
  readonly keys: Float64Array;
  readonly perms: Uint8Array;
  readonly basePfn: Float64Array;
  readonly stamps: Float64Array;
  /** Valid entries. */
  live = 0;
  /** Valid entries per level (index 1..3), so lookups can skip sizes that have none. */
  readonly levelLive = new Int32Array(4);
  private clock = 0;

  constructor(
    geometry: ArrayGeometry,
    private readonly replacement: Replacement,
  ) {
    const size = geometry.entries;
    this.ways = size === 0 ? 0 : geometry.ways;
    this.setMask = size === 0 ? 0 : size / geometry.ways - 1;
    this.keys = new Float64Array(size).fill(-1);
    this.perms = new Uint8Array(size);
    this.basePfn = new Float64Array(size);
    this.stamps = new Float64Array(size);
  }

  get capacity(): number {
    return this.keys.length;
  }

  /** Slot holding `key` (page number `vpn`), or -1. */
  find(key: number, vpn: number): number {
    const ways = this.ways;
    const base = (vpn & this.setMask) * ways;
    const keys = this.keys;
    for (let i = base; i < base + ways; i++) {
      if (keys[i] === key) return i;
    }
    return -1;
  }

  /** Marks slot `i` most recently used. */
  touch(i: number): void {
    this.stamps[i] = ++this.clock;
  }

  /**
   * Inserts or updates `key`. Returns the key of a valid entry evicted to make room, else -1.
   * A structure with no entries ignores the call.
   */
  insert(key: number, vpn: number, perms: number, basePfn: number): number {
    const ways = this.ways;
    if (ways === 0) return -1;
    const base = (vpn & this.setMask) * ways;
    const keys = this.keys;
    let slot = -1;
    let free = -1;
    for (let i = base; i < base + ways; i++) {
      const k = keys[i];
      if (k === key) {
        slot = i;
        break;
      }
      if (k === -1 && free === -1) free = i;
    }
    let evicted = -1;
    if (slot === -1) {
      if (free !== -1) {
        slot = free;
      } else {
        slot = this.replacement.victim(this.stamps, base, ways);
        evicted = keys[slot]!;
        this.live--;
        this.levelLive[evicted % 4]!--;
      }
      keys[slot] = key;
      this.live++;
      this.levelLive[key % 4]!++;
    }
    this.perms[slot] = perms;
    this.basePfn[slot] = basePfn;
    this.stamps[slot] = ++this.clock;
    return evicted;
  }

  /** Drops `key`; returns 1 if it was present. */
  remove(key: number, vpn: number): number {
    if (this.ways === 0) return 0;
    const i = this.find(key, vpn);
    if (i === -1) return 0;
    this.keys[i] = -1;
    this.live--;
    this.levelLive[key % 4]!--;
    return 1;
  }

  /** Drops every entry that covers a gfn of [gfn, gfn + count); returns how many. */
  removeOverlapping(gfn: number, count: number): number {
    const keys = this.keys;
    let removed = 0;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (k !== -1 && keyOverlaps(k, gfn, count)) {
        keys[i] = -1;
        this.levelLive[k % 4]!--;
        removed++;
      }
    }
    this.live -= removed;
    return removed;
  }

  /** Drops everything; returns how many valid entries there were. */
  clear(): number {
    const n = this.live;
    if (n !== 0) this.keys.fill(-1);
    this.live = 0;
    this.levelLive.fill(0);
    return n;
  }
}
