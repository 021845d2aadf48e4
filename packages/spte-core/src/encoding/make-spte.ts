import {
  ACC_EXEC_MASK,
  ACC_USER_MASK,
  ACC_WRITE_MASK,
  AD_DISABLED_HI,
  AD_WRPROT_ONLY_HI,
  MMU_PRESENT_LO,
  PG_LEVEL_4K,
  PS_LO,
  SHADOW_NONPRESENT_VALUE,
  W_LO,
} from './constants.js';
import type { SpteContext } from './context.js';
import { accessTrackedHi, accessTrackedLo } from './access-track.js';
import { isLast, isWritable, spteAdEnabled } from './predicates.js';
import { frameHi, frameLo } from './pfn.js';
import { hi32, lo32 } from './words.js';

/**
 * Inputs of `make_spte()` that decide the SPTE (spec §3.2). The word face takes one of these
 * objects, which a caller allocates once and refills for every call.
 */
export interface MakeSpteArgs {
  /** sp->role.level: 1 = 4K, 2 = 2M, 3 = 1G. */
  level: number;
  /** ACC_EXEC 1 | ACC_WRITE 2 | ACC_USER 4. */
  pteAccess: number;
  /** Host pfn, an integer below 2^53 (bits that `pfn << 12` pushes past bit 63 are dropped). */
  pfn: number;
  /** The SPTE being replaced, as words. */
  oldLo: number;
  oldHi: number;
  prefetch: boolean;
  /** v6.13 name; v6.12 passed the inverse as `can_unsync`, which only feeds the unsync check. */
  synchronizing: boolean;
  hostWritable: boolean;
  /** `mmu_try_to_unsync_pages()` would return non-zero (write-tracked gfn, or it may not unsync). */
  unsyncFails: boolean;
  /** sp->role.ad_disabled. */
  adDisabled: boolean;
  /** `kvm_mmu_page_ad_need_write_protect(sp)`: PML in use and a guest-mode (L2) page. */
  adNeedWriteProtect: boolean;
  /** The NX huge-page mitigation is on. */
  nxHugePages: boolean;
  /** The memslot has dirty tracking enabled. */
  dirtyLogging: boolean;
  /** What `get_mt_mask()` returned (EPT memory type | IPAT, low word); ignored without one. */
  mtMask: number;
}

/** A fresh argument object: a non-present old SPTE, host-writable, everything else off. */
export function makeSpteArgs(init: Partial<MakeSpteArgs> = {}): MakeSpteArgs {
  return {
    level: PG_LEVEL_4K,
    pteAccess: ACC_EXEC_MASK | ACC_WRITE_MASK | ACC_USER_MASK,
    pfn: 0,
    oldLo: lo32(SHADOW_NONPRESENT_VALUE),
    oldHi: hi32(SHADOW_NONPRESENT_VALUE),
    prefetch: false,
    synchronizing: false,
    hostWritable: true,
    unsyncFails: false,
    adDisabled: false,
    adNeedWriteProtect: false,
    nxHugePages: false,
    dirtyLogging: false,
    mtMask: 0,
    ...init,
  };
}

/** makeSpte result flag: writes had to be blocked (`make_spte()`'s return value). */
export const MAKE_SPTE_WRPROT = 1;
/** makeSpte result flag: the SPTE is writable in a dirty-logged slot, so the gfn is marked dirty. */
export const MAKE_SPTE_MARK_DIRTY = 2;

/**
 * `make_spte()` of the context's kernel (spec §3.2): builds a leaf SPTE into out[off..off+1] and
 * returns MAKE_SPTE_WRPROT | MAKE_SPTE_MARK_DIRTY flags.
 */
export function makeSpte(ctx: SpteContext, a: MakeSpteArgs, out: Uint32Array, off: number): number {
  const level = a.level;
  let lo = MMU_PRESENT_LO | ctx.presentLo;
  let hi = ctx.presentHi;
  if (a.adDisabled) hi |= AD_DISABLED_HI;
  else if (a.adNeedWriteProtect) hi |= AD_WRPROT_ONLY_HI;

  const p = ctx.profile;
  // Step 2: A, which v6.12 took from spte_shadow_accessed_mask() (0 when A/D is disabled).
  const setAccessed = p.makeSpteSynchronizingKeepsAccessed
    ? !a.prefetch || a.synchronizing
    : !a.prefetch && spteAdEnabled(ctx, lo, hi);
  if (setAccessed) {
    lo |= ctx.accessedLo;
    hi |= ctx.accessedHi;
  }

  // Step 3: the NX huge-page mitigation strips exec from huge mappings.
  let access = a.pteAccess;
  if (level > PG_LEVEL_4K && (access & ACC_EXEC_MASK) !== 0 && a.nxHugePages) {
    access &= ~ACC_EXEC_MASK;
  }
  if ((access & ACC_EXEC_MASK) !== 0) {
    lo |= ctx.xLo;
    hi |= ctx.xHi;
  } else {
    lo |= ctx.nxLo;
    hi |= ctx.nxHi;
  }
  if ((access & ACC_USER_MASK) !== 0) {
    lo |= ctx.userLo;
    hi |= ctx.userHi;
  }
  if (level > PG_LEVEL_4K) lo |= PS_LO;
  if (ctx.hasMtMask) lo |= a.mtMask;

  // Step 4.
  if (a.hostWritable) {
    lo |= ctx.hostWritableLo;
    hi |= ctx.hostWritableHi;
  } else {
    access &= ~ACC_WRITE_MASK;
  }
  lo |= frameLo(a.pfn);
  hi |= frameHi(a.pfn);

  // Step 5: writable handling, only if write access is left.
  let wrprot = false;
  if ((access & ACC_WRITE_MASK) !== 0) {
    if (p.makeSpteDirtyWithWritable) {
      // A writable last-level old SPTE means its shadow pages are already unsync: no check.
      const oldWritableLeaf =
        isLast(ctx, a.oldLo, a.oldHi, level) && isWritable(ctx, a.oldLo, a.oldHi);
      if (!oldWritableLeaf && a.unsyncFails) {
        wrprot = true;
      } else {
        lo |= W_LO | ctx.mmuWritableLo | ctx.dirtyLo;
        hi |= ctx.mmuWritableHi | ctx.dirtyHi;
      }
    } else {
      // v6.12: W|MW first; any old W=1 skips both the unsync check and D (patch 02's "flaw").
      lo |= W_LO | ctx.mmuWritableLo;
      hi |= ctx.mmuWritableHi;
      const oldWritable = isWritable(ctx, a.oldLo, a.oldHi);
      if (!oldWritable && a.unsyncFails) {
        wrprot = true;
        lo &= ~(W_LO | ctx.mmuWritableLo);
        hi &= ~ctx.mmuWritableHi;
      } else if (!oldWritable && spteAdEnabled(ctx, lo, hi)) {
        lo |= ctx.dirtyLo;
        hi |= ctx.dirtyHi;
      }
    }
  }

  // Step 6: prefetched SPTEs start out "old" (v6.13: unless synchronizing).
  if (a.prefetch && !(a.synchronizing && p.makeSpteSynchronizingKeepsAccessed)) {
    const trackedLo = accessTrackedLo(ctx, lo, hi);
    hi = accessTrackedHi(ctx, lo, hi);
    lo = trackedLo;
  }
  out[off] = lo;
  out[off + 1] = hi;
  const markDirty = a.dirtyLogging && (lo & W_LO) !== 0;
  return (wrprot ? MAKE_SPTE_WRPROT : 0) | (markDirty ? MAKE_SPTE_MARK_DIRTY : 0);
}
