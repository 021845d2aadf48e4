import type { StateBuffer } from '@spte-lab/spte-core';

/**
 * The TLB of one vCPU, as the access path and the flush code see it. Two implementations:
 * `SetAssocTlb` (realistic: capacity evicts) and `UnboundedTlb` (adversarial: nothing leaves
 * until an invalidation). Results of `find` are left in the `hit*` fields so a lookup returns a
 * boolean and allocates nothing.
 */
export interface VcpuTlb {
  /** Permission/flag byte of the entry `find` chose (see entry-bits.ts). */
  hitPerms: number;
  /** Level of that entry (1 = 4K, 2 = 2M, 3 = 1G). */
  hitLevel: number;
  /** Base pfn of the page that entry maps. */
  hitBasePfn: number;
  /** The entry came from the second-level TLB (realistic mode only). */
  hitFromStlb: boolean;
  /**
   * The walker's change stamp recorded when that entry was filled (issue 20); 0 when unknown,
   * and always 0 where entries do not keep one (realistic retention).
   */
  hitStamp: number;

  /**
   * Looks for entries translating `gfn` and picks the most useful for `kind` (entryScore). With
   * `touch` the lookup has the hardware's side effects: LRU update, STLB-to-L1 refill. Without
   * it nothing changes (for `peek`).
   */
  find(gfn: number, kind: number, touch: boolean): boolean;
  /**
   * Caches a translation filled by an access of `kind` (the L1 it goes to depends on kind),
   * with the walker's change stamp of the fill (0: none).
   */
  fill(
    gfn: number,
    kind: number,
    level: number,
    basePfn: number,
    perms: number,
    stamp?: number,
  ): void;
  /** Drops the translation of `gfn` at `level` only (a re-walk replacing its own entry). */
  removeLevel(gfn: number, level: number): number;
  /** Drops every translation of `gfn`, at any level. Returns the translations dropped. */
  invalidateGfn(gfn: number): number;
  /** Drops every translation covering a gfn of [gfn, gfn + count). */
  invalidateRange(gfn: number, count: number): number;
  /** Drops everything. */
  flushAll(): number;
  /** Translations currently cached. */
  size(): number;
  /** Calls `visit` for each cached translation (debugging, tests, oracle; may allocate). */
  forEach(visit: (key: number, perms: number, basePfn: number) => void): void;
  /** The cached translations, for the explorer's snapshots (adversarial retention only). */
  saveState?(out: StateBuffer): void;
  /** Replaces the contents with what `saveState` wrote. */
  loadState?(src: StateBuffer): void;
}

/** A cached translation, as `TlbModel.entries()` reports it. */
export interface TlbEntrySnapshot {
  /** First gfn the translation covers. */
  gfn: number;
  level: number;
  /** Host pfn of the first 4K page. */
  pfn: number;
  readable: boolean;
  writable: boolean;
  executable: boolean;
  dirty: boolean;
  adEnabled: boolean;
}
