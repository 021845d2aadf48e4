import {
  GEN_HIGH_HI_SHIFT,
  MMIO_SPTE_GEN_LOW_BITS,
  MMIO_SPTE_GEN_LOW_START,
  MMIO_SPTE_GEN_MASK,
} from './constants.js';
import type { SpteContext } from './context.js';
import { frameHi, frameLo } from './pfn.js';

const GEN_LOW_MASK = (1 << MMIO_SPTE_GEN_LOW_BITS) - 1;

/**
 * `make_mmio_spte()` (spec §1.4): the per-VM MMIO value, the 19-bit memslot generation (bits 0-7
 * in SPTE bits 3-10, bits 8-18 in 52-62), the allowed ACC_* bits and the GPA. `gfn` is an integer
 * below 2^53. No L1TF mitigation here (`shadow_nonpresent_or_rsvd_mask` is 0 in every format).
 */
export function makeMmioSpte(
  ctx: SpteContext,
  gfn: number,
  access: number,
  generation: number,
  out: Uint32Array,
  off: number,
): void {
  const gen = generation & MMIO_SPTE_GEN_MASK;
  out[off] =
    ((gen & GEN_LOW_MASK) << MMIO_SPTE_GEN_LOW_START) |
    ctx.mmioValueLo |
    (access & ctx.mmioAccessMask) |
    frameLo(gfn);
  out[off + 1] =
    ((gen >>> MMIO_SPTE_GEN_LOW_BITS) << GEN_HIGH_HI_SHIFT) | ctx.mmioValueHi | frameHi(gfn);
}
