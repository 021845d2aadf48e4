import { restoreAccTrackSpte, markSpteForAccessTrack } from './access-track.js';
import { MMIO_SPTE_GEN_MASK, SHADOW_NONPRESENT_VALUE } from './constants.js';
import { spteContext, type SpteContext } from './context.js';
import * as fpf from './fast-page-fault.js';
import { flushV6_12, flushV6_13, leafSpteChangeNeedsTlbFlush } from './flush-rules.js';
import type { SpteFormat } from './formats.js';
import { makeHugeSpte, makeSmallSpte } from './huge-pages.js';
import type { KernelVersion } from './kernel-profile.js';
import { MAKE_SPTE_MARK_DIRTY, MAKE_SPTE_WRPROT, makeSpte, makeSpteArgs } from './make-spte.js';
import { makeNonLeafSpte } from './make-nonleaf-spte.js';
import { makeMmioSpte } from './mmio.js';
import * as p from './predicates.js';
import type { FastPageFaultOutcome, MakeSpteInput, SpteApi, SpteUpdateResult } from './spte-api.js';
import { SPTE_CHANGED, SPTE_FLUSH, clearDirty, spteWriteProtect } from './write-protect.js';
import { assertU64, hi32, joinWords, lo32 } from './words.js';

type WordPredicate = (ctx: SpteContext, lo: number, hi: number) => boolean;
type WordTransform = (ctx: SpteContext, lo: number, hi: number, out: Uint32Array, off: number) => void;

/** Only the low 52 bits of a pfn/gfn survive `<< 12` in a u64, and those fit a number exactly. */
const FRAME_BITS = (1n << 52n) - 1n;
const GEN_MASK = BigInt(MMIO_SPTE_GEN_MASK);
const OUTCOMES: readonly FastPageFaultOutcome[] = ['fallback', 'spurious', 'fixed'];

const cache = new Map<string, SpteApi>();

/** The bigint face for one format and kernel (default v6.13), cached. */
export function spteApi(format: SpteFormat, kernel: KernelVersion = 'v6.13'): SpteApi {
  const key = `${format}/${kernel}`;
  let api = cache.get(key);
  if (!api) {
    api = buildApi(spteContext(format, kernel));
    cache.set(key, api);
  }
  return api;
}

function buildApi(ctx: SpteContext): SpteApi {
  // Scratch words: [0..1] input or result, [2..3] second input.
  const w = new Uint32Array(4);
  const load = (value: bigint, name: string, at = 0): void => {
    assertU64(value, name);
    w[at] = lo32(value);
    w[at + 1] = hi32(value);
  };
  const result = (): bigint => joinWords(w[0]!, w[1]!);
  const pred = (fn: WordPredicate) => (spte: bigint) => {
    load(spte, 'spte');
    return fn(ctx, w[0]!, w[1]!);
  };
  const transform = (fn: WordTransform) => (spte: bigint) => {
    load(spte, 'spte');
    fn(ctx, w[0]!, w[1]!, w, 0);
    return result();
  };
  const pair = (fn: typeof flushV6_13) => (oldSpte: bigint, newSpte: bigint) => {
    load(oldSpte, 'oldSpte');
    load(newSpte, 'newSpte', 2);
    return fn(ctx, w[0]!, w[1]!, w[2]!, w[3]!);
  };
  const update = (flags: number): SpteUpdateResult => ({
    spte: result(),
    changed: (flags & SPTE_CHANGED) !== 0,
    flush: (flags & SPTE_FLUSH) !== 0,
  });
  const frame = (value: bigint, name: string): number => {
    assertU64(value, name);
    return Number(value & FRAME_BITS);
  };
  const args = makeSpteArgs();

  return Object.freeze({
    format: ctx.format,
    kernel: ctx.kernel,
    context: ctx,
    isShadowPresent: pred(p.isShadowPresent),
    isWritable: pred(p.isWritable),
    isMmuWritable: pred(p.isMmuWritable),
    isHostWritable: pred(p.isHostWritable),
    spteAdEnabled: pred(p.spteAdEnabled),
    spteAdNeedWriteProtect: pred(p.spteAdNeedWriteProtect),
    isAccessTrack: pred(p.isAccessTrack),
    isLarge: pred(p.isLarge),
    isLast: (spte: bigint, level: number) => {
      load(spte, 'spte');
      return p.isLast(ctx, w[0]!, w[1]!, level);
    },
    isExecutable: pred(p.isExecutable),
    isAccessed: pred(p.isAccessed),
    isAccessedV6_12: pred(p.isAccessedV6_12),
    isAccessedV6_13: pred(p.isAccessedV6_13),
    isDirtyV6_12: pred(p.isDirtyV6_12),
    hasVolatileBits: pred(p.hasVolatileBits),
    checkSpteWritableInvariants: pred(p.checkSpteWritableInvariants),
    isMmio: pred(p.isMmio),
    isFrozen: pred(p.isFrozen),
    getMmioSpteGeneration: (spte: bigint) => {
      load(spte, 'spte');
      return BigInt(p.getMmioSpteGeneration(ctx, w[0]!, w[1]!));
    },
    spteToPfn: (spte: bigint) => {
      load(spte, 'spte');
      return BigInt(p.spteToPfn(ctx, w[0]!, w[1]!));
    },
    makeSpte: (input: MakeSpteInput) => {
      const old = input.oldSpte ?? SHADOW_NONPRESENT_VALUE;
      assertU64(old, 'oldSpte');
      const mtMask = input.mtMask ?? 0n;
      if (mtMask < 0n || mtMask > 0xffffffffn) throw new RangeError('mtMask must fit in 32 bits');
      Object.assign(args, {
        level: input.level,
        pteAccess: input.pteAccess,
        pfn: frame(input.pfn, 'pfn'),
        oldLo: lo32(old),
        oldHi: hi32(old),
        prefetch: input.prefetch ?? false,
        synchronizing: input.synchronizing ?? false,
        hostWritable: input.hostWritable ?? true,
        unsyncFails: input.unsyncFails ?? false,
        adDisabled: input.adDisabled ?? !ctx.adEnabled,
        adNeedWriteProtect: input.adNeedWriteProtect ?? false,
        nxHugePages: input.nxHugePages ?? false,
        dirtyLogging: input.dirtyLogging ?? false,
        mtMask: Number(mtMask),
      });
      const flags = makeSpte(ctx, args, w, 0);
      return {
        spte: result(),
        wrprot: (flags & MAKE_SPTE_WRPROT) !== 0,
        markDirty: (flags & MAKE_SPTE_MARK_DIRTY) !== 0,
      };
    },
    makeNonLeafSpte: (childPa: bigint, adDisabled: boolean) => {
      load(childPa, 'childPa');
      makeNonLeafSpte(ctx, w[0]!, w[1]!, adDisabled, w, 0);
      return result();
    },
    makeMmioSpte: (gfn: bigint, access: number, generation: bigint) => {
      assertU64(generation, 'generation');
      makeMmioSpte(ctx, frame(gfn, 'gfn'), access, Number(generation & GEN_MASK), w, 0);
      return result();
    },
    markSpteForAccessTrack: transform(markSpteForAccessTrack),
    restoreAccTrackSpte: transform(restoreAccTrackSpte),
    spteWriteProtect: (spte: bigint, ptProtect: boolean) => {
      load(spte, 'spte');
      return update(spteWriteProtect(ctx, w[0]!, w[1]!, ptProtect, w, 0));
    },
    clearDirty: (spte: bigint) => {
      load(spte, 'spte');
      return update(clearDirty(ctx, w[0]!, w[1]!, w, 0));
    },
    makeSmallSpte: (huge: bigint, childLevel: number, index: number, roleExec: boolean, nx: boolean) => {
      load(huge, 'hugeSpte');
      makeSmallSpte(ctx, w[0]!, w[1]!, childLevel, index, roleExec, nx, w, 0);
      return result();
    },
    makeHugeSpte: (small: bigint, level: number, nxHugePages: boolean) => {
      load(small, 'smallSpte');
      makeHugeSpte(ctx, w[0]!, w[1]!, level, nxHugePages, w, 0);
      return result();
    },
    fastPageFaultFix: (spte: bigint, level: number, write: boolean, exec: boolean, dirtyLog: boolean) => {
      load(spte, 'spte');
      const r = fpf.fastPageFaultFix(ctx, w[0]!, w[1]!, level, write, exec, dirtyLog, w, 0);
      return {
        result: OUTCOMES[r & fpf.FAST_PF_OUTCOME_MASK] ?? 'fallback',
        spte: result(),
        markDirty: (r & fpf.FAST_PF_MARK_DIRTY) !== 0,
      };
    },
    leafSpteChangeNeedsTlbFlush: pair(leafSpteChangeNeedsTlbFlush),
    flushV6_12: pair(flushV6_12),
    flushV6_13: pair(flushV6_13),
  });
}
