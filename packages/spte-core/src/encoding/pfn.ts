import { PAGE_SHIFT } from './constants.js';

const LOW_FRAME_BITS = 32 - PAGE_SHIFT;
const LOW_FRAME_MASK = (1 << LOW_FRAME_BITS) - 1;
/** Precomputed: `**` at run time is a pow() call on the hot path. */
const HIGH_FRAME_SCALE = 2 ** LOW_FRAME_BITS;

/*
 * `frame << 12` for a pfn or gfn (an integer below 2^53), split into words modulo 2^64 like the
 * kernel's u64 shift, without BigInt: `& mask` and `| 0` reduce modulo 2^32 exactly below 2^53.
 */

/** Low word of `frame << 12`. */
export function frameLo(frame: number): number {
  return (frame & LOW_FRAME_MASK) << PAGE_SHIFT;
}

/** High word of `frame << 12`. */
export function frameHi(frame: number): number {
  return Math.floor(frame / HIGH_FRAME_SCALE) | 0;
}
