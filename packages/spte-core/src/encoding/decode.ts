import { assertU64, hi32, lo32 } from './words.js';
import { spteContext, type SpteContext } from './context.js';
import { EPT_FIELDS, LEGACY_FIELDS, MMIO_FIELDS } from './decode-fields.js';
import type { SpteFormat } from './formats.js';
import type { KernelVersion } from './kernel-profile.js';
import * as p from './predicates.js';
import { decodeWarnings } from './decode-warnings.js';

export type SpteKind = 'shadow-present' | 'mmio' | 'frozen' | 'non-present';

export interface DecodedField {
  /** "63" or "51:12". */
  readonly bits: string;
  readonly name: string;
  /** The field's value, shifted down (at most 40 bits, so exact). */
  readonly value: number;
  readonly meaning: string;
}

/** What `decode()` tells about a 64-bit value. Plain JSON: no bigint inside. */
export interface DecodedSpte {
  readonly value: string;
  readonly format: SpteFormat;
  readonly formatDescription: string;
  readonly kernel: KernelVersion;
  readonly kind: SpteKind;
  /** Every bit range of the layout that applies (MMIO layout for MMIO SPTEs), high bits first. */
  readonly fields: readonly DecodedField[];
  /** The spec §2 predicates, by kernel name; `is_dirty_spte` only for v6.12. */
  readonly predicates: Readonly<Record<string, boolean>>;
  /** `spte_to_pfn`, hex. */
  readonly pfn: string;
  /** `get_mmio_spte_generation`, hex; MMIO SPTEs only. */
  readonly mmioGeneration?: string;
  /** Invariant and encoding problems, one sentence each. */
  readonly warnings: readonly string[];
}

/** Explains every field of `value` in `format` as `kernel` (default v6.13) reads it. spec §1, §2 */
export function decode(
  value: bigint,
  format: SpteFormat,
  kernel: KernelVersion = 'v6.13',
): DecodedSpte {
  assertU64(value, 'value');
  const ctx = spteContext(format, kernel);
  const lo = lo32(value);
  const hi = hi32(value);
  const kind = kindOf(ctx, lo, hi);
  const layout = kind === 'mmio' ? MMIO_FIELDS : ctx.masks.isEpt ? EPT_FIELDS : LEGACY_FIELDS;
  const fields = layout.map((f) => {
    const v = Number((value >> BigInt(f.lo)) & ((1n << BigInt(f.hi - f.lo + 1)) - 1n));
    return {
      bits: f.hi === f.lo ? `${f.hi}` : `${f.hi}:${f.lo}`,
      name: f.name,
      value: v,
      meaning: f.meaning(v, ctx),
    };
  });
  return {
    value: `0x${value.toString(16)}`,
    format,
    formatDescription: ctx.masks.description,
    kernel,
    kind,
    fields,
    predicates: predicatesOf(ctx, lo, hi),
    pfn: `0x${p.spteToPfn(ctx, lo, hi).toString(16)}`,
    ...(kind === 'mmio'
      ? { mmioGeneration: `0x${p.getMmioSpteGeneration(ctx, lo, hi).toString(16)}` }
      : {}),
    warnings: decodeWarnings(ctx, value, kind),
  };
}

function kindOf(ctx: SpteContext, lo: number, hi: number): SpteKind {
  if (p.isShadowPresent(ctx, lo, hi)) return 'shadow-present';
  if (p.isFrozen(ctx, lo, hi)) return 'frozen';
  if (p.isMmio(ctx, lo, hi)) return 'mmio';
  return 'non-present';
}

function predicatesOf(ctx: SpteContext, lo: number, hi: number): Record<string, boolean> {
  return {
    is_shadow_present_pte: p.isShadowPresent(ctx, lo, hi),
    is_writable_pte: p.isWritable(ctx, lo, hi),
    is_mmu_writable_spte: p.isMmuWritable(ctx, lo, hi),
    host_writable: p.isHostWritable(ctx, lo, hi),
    spte_ad_enabled: p.spteAdEnabled(ctx, lo, hi),
    spte_ad_need_write_protect: p.spteAdNeedWriteProtect(ctx, lo, hi),
    is_access_track_spte: p.isAccessTrack(ctx, lo, hi),
    is_large_pte: p.isLarge(ctx, lo, hi),
    is_executable_pte: p.isExecutable(ctx, lo, hi),
    is_accessed_spte: p.isAccessed(ctx, lo, hi),
    ...(ctx.profile.hasIsDirtySpte ? { is_dirty_spte: p.isDirtyV6_12(ctx, lo, hi) } : {}),
    spte_has_volatile_bits: p.hasVolatileBits(ctx, lo, hi),
    is_mmio_spte: p.isMmio(ctx, lo, hi),
    is_frozen_spte: p.isFrozen(ctx, lo, hi),
    check_spte_writable_invariants: p.checkSpteWritableInvariants(ctx, lo, hi),
  };
}
