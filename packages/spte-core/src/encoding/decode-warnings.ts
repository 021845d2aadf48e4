import {
  SHADOW_ACC_TRACK_SAVED_BITS_MASK,
  SHADOW_ACC_TRACK_SAVED_BITS_SHIFT,
  SHADOW_NONPRESENT_VALUE,
  SPTE_TDP_AD_MASK,
  SPTE_TDP_AD_SHIFT,
  genmask,
} from './constants.js';
import type { SpteContext } from './context.js';
import type { SpteKind } from './decode.js';
import { VMX_EPT_RWX_MASK, VMX_EPT_MT_EPTE_SHIFT, VMX_EPT_WRITABLE_MASK } from './formats.js';
import * as p from './predicates.js';
import { hi32, lo32 } from './words.js';

const BAD_EPT_MEMTYPES = new Set([2, 3, 7]);

/**
 * Problems a reader of an SPTE should know about: broken writability invariants (spec §1.6) and
 * encodings KVM never produces or hardware rejects (spec §1.2-1.4).
 */
export function decodeWarnings(ctx: SpteContext, value: bigint, kind: SpteKind): string[] {
  const lo = lo32(value);
  const hi = hi32(value);
  if (kind === 'non-present') {
    return value === 0n || value === SHADOW_NONPRESENT_VALUE
      ? []
      : [
          'not shadow-present, yet not SHADOW_NONPRESENT_VALUE (0x8000000000000000): KVM never writes such a value',
        ];
  }
  if (kind !== 'shadow-present') return [];
  const m = ctx.masks;
  const warnings: string[] = [];
  const mw = p.isMmuWritable(ctx, lo, hi);
  if (p.isWritable(ctx, lo, hi) && !mw)
    warnings.push('W set but MMU-writable clear (MW=0 must imply W=0)');
  if (mw && !p.isHostWritable(ctx, lo, hi))
    warnings.push('MMU-writable set but host-writable clear (MW must imply HW)');
  if ((value & m.shadowPresentMask) !== m.shadowPresentMask && !p.isAccessTrack(ctx, lo, hi)) {
    warnings.push(
      `shadow_present_mask (0x${m.shadowPresentMask.toString(16)}) missing: KVM sets it in every present SPTE`,
    );
  }
  const adType = Number((value & SPTE_TDP_AD_MASK) >> BigInt(SPTE_TDP_AD_SHIFT));
  if (adType === 3) warnings.push('A/D type 3 is not defined');
  else if (adType !== 0 && !m.isEpt)
    warnings.push('bits 53:52 set: reserved with PAE, KVM keeps them 0 outside EPT');
  const savedMask = SHADOW_ACC_TRACK_SAVED_BITS_MASK << BigInt(SHADOW_ACC_TRACK_SAVED_BITS_SHIFT);
  if ((value & savedMask) !== 0n && !p.isAccessTrack(ctx, lo, hi)) {
    warnings.push('bits 54/56 (saved R/X) set on an SPTE that is not access-tracked');
  }
  if ((value & genmask(51, m.maxPhyAddr)) !== 0n) {
    warnings.push(
      `address bits 51:${m.maxPhyAddr} set: above the host MAXPHYADDR (${m.maxPhyAddr})`,
    );
  }
  if (m.isEpt) warnings.push(...eptWarnings(value));
  return warnings;
}

function eptWarnings(value: bigint): string[] {
  const warnings: string[] = [];
  const rwx = value & VMX_EPT_RWX_MASK;
  if ((rwx & 0x1n) === 0n && (rwx & VMX_EPT_WRITABLE_MASK) !== 0n) {
    warnings.push('W without R: an EPT misconfiguration');
  }
  const memtype = Number((value >> BigInt(VMX_EPT_MT_EPTE_SHIFT)) & 0x7n);
  if (BAD_EPT_MEMTYPES.has(memtype))
    warnings.push(`EPT memory type ${memtype} causes an EPT misconfiguration`);
  return warnings;
}
