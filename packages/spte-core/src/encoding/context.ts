import { FORMATS, type FormatMasks, type SpteFormat } from './formats.js';
import { KERNEL_PROFILES, type KernelProfile, type KernelVersion } from './kernel-profile.js';
import { hi32, lo32 } from './words.js';

/**
 * Everything the word face needs for one (format, kernel): the effective `shadow_*` masks split
 * into words. Obtained from `spteContext()`, frozen, and shared: the hot path only reads it.
 */
export interface SpteContext {
  readonly format: SpteFormat;
  readonly kernel: KernelVersion;
  readonly profile: KernelProfile;
  /** The format's masks as bigints (after the kernel profile is applied). */
  readonly masks: FormatMasks;
  /** `kvm_ad_enabled`. */
  readonly adEnabled: boolean;
  readonly presentLo: number;
  readonly presentHi: number;
  readonly userLo: number;
  readonly userHi: number;
  readonly accessedLo: number;
  readonly accessedHi: number;
  readonly dirtyLo: number;
  readonly dirtyHi: number;
  readonly xLo: number;
  readonly xHi: number;
  readonly nxLo: number;
  readonly nxHi: number;
  /** x_mask | nx_mask, for `is_executable_pte`. */
  readonly xNxLo: number;
  readonly xNxHi: number;
  readonly accTrackLo: number;
  readonly accTrackHi: number;
  readonly hostWritableLo: number;
  readonly hostWritableHi: number;
  readonly mmuWritableLo: number;
  readonly mmuWritableHi: number;
  readonly mmioValueLo: number;
  readonly mmioValueHi: number;
  readonly mmioMaskLo: number;
  readonly mmioMaskHi: number;
  readonly mmioAccessMask: number;
  readonly enableMmioCaching: boolean;
  readonly hasMtMask: boolean;
}

const cache = new Map<string, SpteContext>();

/** The cached, frozen context for a format and kernel (default v6.13). */
export function spteContext(format: SpteFormat, kernel: KernelVersion = 'v6.13'): SpteContext {
  const key = `${format}/${kernel}`;
  let ctx = cache.get(key);
  if (!ctx) {
    ctx = buildContext(format, kernel);
    cache.set(key, ctx);
  }
  return ctx;
}

function buildContext(format: SpteFormat, kernel: KernelVersion): SpteContext {
  const base = FORMATS[format];
  if (!base) throw new RangeError(`unknown SPTE format '${String(format)}'`);
  const profile = KERNEL_PROFILES[kernel];
  if (!profile) throw new RangeError(`unknown kernel '${String(kernel)}'`);
  // spec §1.7: v6.12 leaves the EPT A/D masks 0 when hardware A/D is off.
  const noSoftwareAd = base.isEpt && !base.kvmAdEnabled && !profile.eptSoftwareAdBits;
  const masks: FormatMasks = Object.freeze({
    ...base,
    shadowAccessedMask: noSoftwareAd ? 0n : base.shadowAccessedMask,
    shadowDirtyMask: noSoftwareAd ? 0n : base.shadowDirtyMask,
  });
  const xNx = masks.shadowXMask | masks.shadowNxMask;
  return Object.freeze({
    format,
    kernel,
    profile,
    masks,
    adEnabled: masks.kvmAdEnabled,
    presentLo: lo32(masks.shadowPresentMask),
    presentHi: hi32(masks.shadowPresentMask),
    userLo: lo32(masks.shadowUserMask),
    userHi: hi32(masks.shadowUserMask),
    accessedLo: lo32(masks.shadowAccessedMask),
    accessedHi: hi32(masks.shadowAccessedMask),
    dirtyLo: lo32(masks.shadowDirtyMask),
    dirtyHi: hi32(masks.shadowDirtyMask),
    xLo: lo32(masks.shadowXMask),
    xHi: hi32(masks.shadowXMask),
    nxLo: lo32(masks.shadowNxMask),
    nxHi: hi32(masks.shadowNxMask),
    xNxLo: lo32(xNx),
    xNxHi: hi32(xNx),
    accTrackLo: lo32(masks.shadowAccTrackMask),
    accTrackHi: hi32(masks.shadowAccTrackMask),
    hostWritableLo: lo32(masks.shadowHostWritableMask),
    hostWritableHi: hi32(masks.shadowHostWritableMask),
    mmuWritableLo: lo32(masks.shadowMmuWritableMask),
    mmuWritableHi: hi32(masks.shadowMmuWritableMask),
    mmioValueLo: lo32(masks.shadowMmioValue),
    mmioValueHi: hi32(masks.shadowMmioValue),
    mmioMaskLo: lo32(masks.shadowMmioMask),
    mmioMaskHi: hi32(masks.shadowMmioMask),
    mmioAccessMask: masks.shadowMmioAccessMask,
    enableMmioCaching: masks.enableMmioCaching,
    hasMtMask: masks.hasMtMask,
  });
}
