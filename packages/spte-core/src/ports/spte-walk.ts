/**
 * What the hardware page walker may see of, and do to, KVM's SPTE store (spec §6.1, §6.2).
 * spte-core's SPTE store implements it; tlb-model's walker calls it. The walker never
 * interprets SPTE bits itself: the store decodes the leaf for the format in use.
 */

/** One walk's result. Callers reuse one object; implementations fill it and never allocate. */
export interface WalkResult {
  /** 0 when no shadow-present leaf maps the gfn; else the leaf's level (1 = 4K, 2 = 2M, 3 = 1G). */
  level: number;
  /** Host pfn of the 4K page that holds the gfn (for a huge leaf: base pfn plus the gfn's offset). */
  pfn: number;
  readable: boolean;
  writable: boolean;
  executable: boolean;
  /** The leaf's D bit as stored (only meaningful when `adEnabled`). */
  dirty: boolean;
  /** Hardware A/D assists apply to this SPTE (EPT with A/D enabled, or legacy/NPT). */
  adEnabled: boolean;
}

export function emptyWalkResult(): WalkResult {
  return {
    level: 0,
    pfn: 0,
    readable: false,
    writable: false,
    executable: false,
    dirty: false,
    adEnabled: false,
  };
}

export interface SpteWalkPort {
  /** Walks the SPTEs for `gfn` and writes the leaf found into `out`. */
  walk(gfn: number, out: WalkResult): void;
  /**
   * Hardware A/D assist (SDM 4.8, 28.2.4): sets A, and D when `dirty`, in the leaf that maps
   * `gfn`, as the processor's atomic OR would. Called only for A/D-enabled leaves.
   */
  setAccessedDirty(gfn: number, dirty: boolean): void;
}
