/**
 * The SPTE behaviours that changed between Linux v6.12 and v6.13 (the A/D clean-up series and
 * the same 6.13 MMU pull), one field per row of spec §1.7 plus the fast-page-fault change of §3.4.
 */
export const KERNEL_VERSIONS = ['v6.12', 'v6.13'] as const;
export type KernelVersion = (typeof KERNEL_VERSIONS)[number];

export function isKernelVersion(name: string): name is KernelVersion {
  return (KERNEL_VERSIONS as readonly string[]).includes(name);
}

export interface KernelProfile {
  readonly version: KernelVersion;
  /** EPT keeps bits 8/9 as software A/D when hardware A/D is off (patches 10, 11). v6.12: 0. */
  readonly eptSoftwareAdBits: boolean;
  /**
   * `spte_shadow_accessed_mask()` / `spte_shadow_dirty_mask()` exist: an A/D-disabled SPTE
   * gets no A/D bits (patches 12, 16 removed them).
   */
  readonly perSpteAdMasks: boolean;
  /** `is_accessed_spte()` is the plain A bit (v6.13); v6.12 falls back to "not access-tracked". */
  readonly accessedIsMaskBit: boolean;
  /** `is_dirty_spte()` exists (removed by patch 05). */
  readonly hasIsDirtySpte: boolean;
  /** `mark_spte_for_access_track()` also clears A on A/D-disabled SPTEs (patch 12). */
  readonly accessTrackClearsAccessed: boolean;
  /**
   * `make_spte()` sets W, MW and D together and skips the unsync check only for a writable
   * last-level old SPTE (patches 02, 03, 16); v6.12 skips D and the check for any old W=1.
   */
  readonly makeSpteDirtyWithWritable: boolean;
  /** `make_spte()` sets A when `synchronizing` even if prefetching, and access-tracks only a
   * prefetch that is not synchronizing (v6.12: A only without prefetch; every prefetch tracked). */
  readonly makeSpteSynchronizingKeepsAccessed: boolean;
  /** Fast page fault ORs in A when it restores an access-tracked SPTE (patch 12, spec §3.4). */
  readonly fastPfRestoreSetsAccessed: boolean;
  /** The leaf flush rule: v6.12 inline `mmu_spte_update()` rule, or v6.13 MW(old) ∧ ¬MW(new). */
  readonly flushRule: KernelVersion;
  /** `make_huge_spte()` exists and the split helper is `make_small_spte()`. */
  readonly hasMakeHugeSpte: boolean;
}

export const KERNEL_PROFILES: Readonly<Record<KernelVersion, KernelProfile>> = Object.freeze({
  'v6.12': Object.freeze({
    version: 'v6.12',
    eptSoftwareAdBits: false,
    perSpteAdMasks: true,
    accessedIsMaskBit: false,
    hasIsDirtySpte: true,
    accessTrackClearsAccessed: false,
    makeSpteDirtyWithWritable: false,
    makeSpteSynchronizingKeepsAccessed: false,
    fastPfRestoreSetsAccessed: false,
    flushRule: 'v6.12',
    hasMakeHugeSpte: false,
  }),
  'v6.13': Object.freeze({
    version: 'v6.13',
    eptSoftwareAdBits: true,
    perSpteAdMasks: false,
    accessedIsMaskBit: true,
    hasIsDirtySpte: false,
    accessTrackClearsAccessed: true,
    makeSpteDirtyWithWritable: true,
    makeSpteSynchronizingKeepsAccessed: true,
    fastPfRestoreSetsAccessed: true,
    flushRule: 'v6.13',
    hasMakeHugeSpte: true,
  }),
});
