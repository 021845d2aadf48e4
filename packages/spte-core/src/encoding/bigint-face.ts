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
type WordTransform = (
  ctx: SpteContext,
  lo: number,
  hi: number,
  out: Uint32Array,
  off: number,
) => void;

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
  // Scratch words for 64-bit results; inputs go straight to the word face as lo32/hi32.
  const w = new Uint32Array(2);
  const result = (): bigint => joinWords(w[0] ?? 0, w[1] ?? 0);
  const checked = (value: bigint, name: string): bigint => {
    assertU64(value, name);
    return value;
  };
  const pred = (fn: WordPredicate) => (spte: bigint) =>
    fn(ctx, lo32(checked(spte, 'spte')), hi32(spte));
  const transform = (fn: WordTransform) => (spte: bigint) => {
    fn(ctx, lo32(checked(spte, 'spte')), hi32(spte), w, 0);
    return result();
  };
  const pair = (fn: typeof flushV6_13) => (oldSpte: bigint, newSpte: bigint) =>
    fn(
      ctx,
      lo32(checked(oldSpte, 'oldSpte')),
      hi32(oldSpte),
      lo32(checked(newSpte, 'newSpte')),
      hi32(newSpte),
    );
  const update = (flags: number): SpteUpdateResult => ({
    spte: result(),
    changed: (flags & SPTE_CHANGED) !== 0,
    flush: (flags & SPTE_FLUSH) !== 0,
  });
  const frame = (value: bigint, name: string): number => Number(checked(value, name) & FRAME_BITS);
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
    isLast: (spte: bigint, level: number) =>
      p.isLast(ctx, lo32(checked(spte, 'spte')), hi32(spte), level),
    isExecutable: pred(p.isExecutable),
    isAccessed: pred(p.isAccessed),
    isAccessedV6_12: pred(p.isAccessedV6_12),
    isAccessedV6_13: pred(p.isAccessedV6_13),
    isDirtyV6_12: pred(p.isDirtyV6_12),
    hasVolatileBits: pred(p.hasVolatileBits),
    checkSpteWritableInvariants: pred(p.checkSpteWritableInvariants),
    isMmio: pred(p.isMmio),
    isFrozen: pred(p.isFrozen),
    getMmioSpteGeneration: (spte: bigint) =>
      BigInt(p.getMmioSpteGeneration(ctx, lo32(checked(spte, 'spte')), hi32(spte))),
    spteToPfn: (spte: bigint) => BigInt(p.spteToPfn(ctx, lo32(checked(spte, 'spte')), hi32(spte))),
    makeSpte: (input: MakeSpteInput) => {
      const old = checked(input.oldSpte ?? SHADOW_NONPRESENT_VALUE, 'oldSpte');
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
      makeNonLeafSpte(ctx, lo32(checked(childPa, 'childPa')), hi32(childPa), adDisabled, w, 0);
      return result();
    },
    makeMmioSpte: (gfn: bigint, access: number, generation: bigint) => {
      const gen = Number(checked(generation, 'generation') & GEN_MASK);
      makeMmioSpte(ctx, frame(gfn, 'gfn'), access, gen, w, 0);
      return result();
    },
    markSpteForAccessTrack: transform(markSpteForAccessTrack),
    restoreAccTrackSpte: transform(restoreAccTrackSpte),
    spteWriteProtect: (spte: bigint, ptProtect: boolean) =>
      update(spteWriteProtect(ctx, lo32(checked(spte, 'spte')), hi32(spte), ptProtect, w, 0)),
    clearDirty: (spte: bigint) =>
      update(clearDirty(ctx, lo32(checked(spte, 'spte')), hi32(spte), w, 0)),
    makeSmallSpte: (
      huge: bigint,
      childLevel: number,
      index: number,
      roleExec: boolean,
      nx: boolean,
    ) => {
      makeSmallSpte(
        ctx,
        lo32(checked(huge, 'hugeSpte')),
        hi32(huge),
        childLevel,
        index,
        roleExec,
        nx,
        w,
        0,
      );
      return result();
    },
    makeHugeSpte: (small: bigint, level: number, nxHugePages: boolean) => {
      makeHugeSpte(ctx, lo32(checked(small, 'smallSpte')), hi32(small), level, nxHugePages, w, 0);
      return result();
    },
    fastPageFaultFix: (
      spte: bigint,
      level: number,
      write: boolean,
      exec: boolean,
      dirtyLog: boolean,
    ) => {
      const lo = lo32(checked(spte, 'spte'));
      const r = fpf.fastPageFaultFix(ctx, lo, hi32(spte), level, write, exec, dirtyLog, w, 0);
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
