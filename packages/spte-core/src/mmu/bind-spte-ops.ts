/**
 * Binds the encoding module's word face to one (format, kernel) pair for the MMU model: the
 * only place where the model touches SPTE bits.
 */
import { PG_LEVEL_4K, SHADOW_NONPRESENT_VALUE, W_LO } from '../encoding/constants.js';
import { makeHugeSpte, makeSmallSpte } from '../encoding/huge-pages.js';
import { makeNonLeafSpte } from '../encoding/make-nonleaf-spte.js';
import { type SpteContext, spteContext } from '../encoding/context.js';
import { fastPageFaultFix } from '../encoding/fast-page-fault.js';
import { flushPost01, flushV6_12, leafSpteChangeNeedsTlbFlush } from '../encoding/flush-rules.js';
import type { SpteFormat } from '../encoding/formats.js';
import type { KernelVersion } from '../encoding/kernel-profile.js';
import { makeSpte, makeSpteArgs } from '../encoding/make-spte.js';
import { markSpteForAccessTrack } from '../encoding/access-track.js';
import {
  checkSpteWritableInvariants,
  isAccessed,
  isAccessTrack,
  isExecutable,
  isHostWritable,
  isLast,
  isMmuWritable,
  isShadowPresent,
  spteAdEnabled,
  spteToPfn,
} from '../encoding/predicates.js';
import { hi32, joinWords, lo32 } from '../encoding/words.js';
import { clearDirty, spteWriteProtect } from '../encoding/write-protect.js';
import { ACCESS_EXEC, ACCESS_WRITE, type SpteOps } from './spte-ops.js';

const READ_LO = 1; // bit 0: EPT R, or the legacy present bit (is_access_allowed, spec §2)

export function bindSpteOps(format: SpteFormat, kernel: KernelVersion): SpteOps {
  const ctx: SpteContext = spteContext(format, kernel);
  // Either kernel's leaf rule on this format, each with its own masks (spec §1.7, §9).
  const ruleContexts: Readonly<Record<KernelVersion, SpteContext>> = {
    'v6.12': spteContext(format, 'v6.12'),
    'v6.13': spteContext(format, 'v6.13'),
  };
  const args = makeSpteArgs({ mtMask: ctx.hasMtMask ? 0x70 : 0 });
  return {
    adEnabled: ctx.adEnabled,
    nonPresentLo: lo32(SHADOW_NONPRESENT_VALUE),
    nonPresentHi: hi32(SHADOW_NONPRESENT_VALUE),
    isPresent: (lo, hi) => isShadowPresent(ctx, lo, hi),
    isLeaf: (lo, hi, level) => isLast(ctx, lo, hi, level),
    isWritable: (lo) => (lo & W_LO) !== 0,
    isMmuWritable: (lo, hi) => isMmuWritable(ctx, lo, hi),
    isHostWritable: (lo, hi) => isHostWritable(ctx, lo, hi),
    writableInvariantsHold: (lo, hi) => checkSpteWritableInvariants(ctx, lo, hi),
    spteAdEnabled: (lo, hi) => spteAdEnabled(ctx, lo, hi),
    pfn: (lo, hi) => spteToPfn(ctx, lo, hi),
    allows: (lo, hi, access) =>
      access === ACCESS_WRITE
        ? (lo & W_LO) !== 0
        : access === ACCESS_EXEC
          ? isExecutable(ctx, lo, hi)
          : (lo & READ_LO) !== 0,
    readable: (lo) => (lo & READ_LO) !== 0,
    executable: (lo, hi) => isExecutable(ctx, lo, hi),
    dirty: (lo, hi) => ((lo & ctx.dirtyLo) | (hi & ctx.dirtyHi)) !== 0,
    setAccessedDirty(lo, hi, dirty, out) {
      out[0] = (lo | ctx.accessedLo | (dirty ? ctx.dirtyLo : 0)) >>> 0;
      out[1] = (hi | ctx.accessedHi | (dirty ? ctx.dirtyHi : 0)) >>> 0;
    },
    isHwPresent: (lo, hi) => isShadowPresent(ctx, lo, hi) && !isAccessTrack(ctx, lo, hi),
    makeSpte(
      level,
      pteAccess,
      pfn,
      oldLo,
      oldHi,
      prefetch,
      synchronizing,
      unsyncFails,
      dirtyLogging,
      hostWritable,
      out,
    ) {
      args.hostWritable = hostWritable;
      args.level = level;
      args.pteAccess = pteAccess;
      args.pfn = pfn;
      args.oldLo = oldLo;
      args.oldHi = oldHi;
      args.prefetch = prefetch;
      args.synchronizing = synchronizing;
      args.unsyncFails = unsyncFails;
      args.dirtyLogging = dirtyLogging;
      args.adDisabled = !ctx.adEnabled;
      return makeSpte(ctx, args, out, 0);
    },
    makeNonLeaf: (out) => makeNonLeafSpte(ctx, 0x2000 << 12, 0, !ctx.adEnabled, out, 0),
    makeSmall: (hugeLo, hugeHi, index, out) =>
      makeSmallSpte(ctx, hugeLo, hugeHi, PG_LEVEL_4K, index, true, false, out, 0),
    makeHuge: (smallLo, smallHi, level, out) =>
      makeHugeSpte(ctx, smallLo, smallHi, level, false, out, 0),
    clearDirty: (lo, hi, out) => clearDirty(ctx, lo, hi, out, 0) !== 0,
    writeProtect: (lo, hi, ptProtect, out) =>
      spteWriteProtect(ctx, lo, hi, ptProtect, out, 0) !== 0,
    fastPageFault: (lo, hi, level, access, dirtyLogging, out) =>
      fastPageFaultFix(
        ctx,
        lo,
        hi,
        level,
        access === ACCESS_WRITE,
        access === ACCESS_EXEC,
        dirtyLogging,
        out,
        0,
      ),
    seedTermOnly: (oldLo, oldHi, newLo, newHi) =>
      flushV6_12(ruleContexts['v6.12'], oldLo, oldHi, newLo, newHi) &&
      !flushPost01(ruleContexts['v6.12'], oldLo, oldHi, newLo, newHi),
    leafChangeNeedsFlush: (k, oldLo, oldHi, newLo, newHi) =>
      leafSpteChangeNeedsTlbFlush(ruleContexts[k], oldLo, oldHi, newLo, newHi),
    isAccessed: (lo, hi) => isAccessed(ctx, lo, hi),
    accessedDirtyCleared: (oldLo, oldHi, newLo, newHi) =>
      ((oldLo & ~newLo & (ctx.accessedLo | ctx.dirtyLo)) |
        (oldHi & ~newHi & (ctx.accessedHi | ctx.dirtyHi))) !==
      0,
    markForAccessTrack: (lo, hi, out) => markSpteForAccessTrack(ctx, lo, hi, out, 0),
    hex: (lo, hi) => `0x${joinWords(lo, hi).toString(16)}`,
  };
}
