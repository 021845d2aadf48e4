import type { SpteFormat } from './formats.js';
import type { KernelVersion } from './kernel-profile.js';
import type { SpteContext } from './context.js';

/** `make_spte()` inputs for the bigint face; see MakeSpteArgs for each field's meaning. */
export interface MakeSpteInput {
  level: number;
  pteAccess: number;
  pfn: bigint;
  /** Default SHADOW_NONPRESENT_VALUE. */
  oldSpte?: bigint;
  prefetch?: boolean;
  synchronizing?: boolean;
  /** Default true. */
  hostWritable?: boolean;
  unsyncFails?: boolean;
  /** Default: the format's `!kvm_ad_enabled`, as KVM sets the role. */
  adDisabled?: boolean;
  adNeedWriteProtect?: boolean;
  nxHugePages?: boolean;
  dirtyLogging?: boolean;
  /** `get_mt_mask()` result (EPT only, below 2^32); default 0. */
  mtMask?: bigint;
}

export interface MakeSpteResult {
  spte: bigint;
  /** `make_spte()` returned true: writes had to be blocked. */
  wrprot: boolean;
  /** Writable in a dirty-logged slot: the gfn is marked dirty. */
  markDirty: boolean;
}

export interface SpteUpdateResult {
  spte: bigint;
  /** The SPTE was rewritten. */
  changed: boolean;
  /** `mmu_spte_update()` asked for a remote TLB flush. */
  flush: boolean;
}

export type FastPageFaultOutcome = 'fallback' | 'spurious' | 'fixed';

export interface FastPageFaultResult {
  result: FastPageFaultOutcome;
  /** The new SPTE when fixed, else the input. */
  spte: bigint;
  markDirty: boolean;
}

/**
 * The bigint face: the same functions as the word face, bound to one (format, kernel), taking
 * and returning 64-bit values as bigints. Every method splits its input into words, calls the word
 * face and joins the result, so both faces share one implementation.
 */
export interface SpteApi {
  readonly format: SpteFormat;
  readonly kernel: KernelVersion;
  readonly context: SpteContext;
  isShadowPresent(spte: bigint): boolean;
  isWritable(spte: bigint): boolean;
  isMmuWritable(spte: bigint): boolean;
  isHostWritable(spte: bigint): boolean;
  spteAdEnabled(spte: bigint): boolean;
  spteAdNeedWriteProtect(spte: bigint): boolean;
  isAccessTrack(spte: bigint): boolean;
  isLarge(spte: bigint): boolean;
  isLast(spte: bigint, level: number): boolean;
  isExecutable(spte: bigint): boolean;
  /** `is_accessed_spte` of this kernel. */
  isAccessed(spte: bigint): boolean;
  isAccessedV6_12(spte: bigint): boolean;
  isAccessedV6_13(spte: bigint): boolean;
  /** v6.12 `is_dirty_spte`. */
  isDirtyV6_12(spte: bigint): boolean;
  hasVolatileBits(spte: bigint): boolean;
  /** True when `check_spte_writable_invariants` would not warn. */
  checkSpteWritableInvariants(spte: bigint): boolean;
  isMmio(spte: bigint): boolean;
  isFrozen(spte: bigint): boolean;
  getMmioSpteGeneration(spte: bigint): bigint;
  spteToPfn(spte: bigint): bigint;
  makeSpte(input: MakeSpteInput): MakeSpteResult;
  makeNonLeafSpte(childPa: bigint, adDisabled: boolean): bigint;
  makeMmioSpte(gfn: bigint, access: number, generation: bigint): bigint;
  markSpteForAccessTrack(spte: bigint): bigint;
  restoreAccTrackSpte(spte: bigint): bigint;
  spteWriteProtect(spte: bigint, ptProtect: boolean): SpteUpdateResult;
  clearDirty(spte: bigint): SpteUpdateResult;
  makeSmallSpte(
    hugeSpte: bigint,
    childLevel: number,
    index: number,
    roleExec: boolean,
    nxHugePages: boolean,
  ): bigint;
  makeHugeSpte(smallSpte: bigint, level: number, nxHugePages: boolean): bigint;
  fastPageFaultFix(
    spte: bigint,
    level: number,
    write: boolean,
    exec: boolean,
    dirtyLogging: boolean,
  ): FastPageFaultResult;
  /** The leaf flush rule of this kernel (`leaf_spte_change_needs_tlb_flush`). */
  leafSpteChangeNeedsTlbFlush(oldSpte: bigint, newSpte: bigint): boolean;
  flushV6_12(oldSpte: bigint, newSpte: bigint): boolean;
  flushV6_13(oldSpte: bigint, newSpte: bigint): boolean;
}
