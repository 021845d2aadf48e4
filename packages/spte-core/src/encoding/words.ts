/**
 * The two 32-bit words of a 64-bit SPTE: lo = bits 31:0, hi = bits 63:32. The word face takes
 * them as plain numbers (unsigned, as read from a Uint32Array; signed int32 works too, since every
 * operation is modulo 2^32) and writes 64-bit results into a caller-provided Uint32Array.
 * Conversions to and from bigint live here and are used only by the bigint face and set-up code.
 */

export const U64_MAX = (1n << 64n) - 1n;

/** Low word of a 64-bit mask, as an unsigned number. */
export function lo32(value: bigint): number {
  return Number(value & 0xffffffffn);
}

/** High word of a 64-bit mask, as an unsigned number. */
export function hi32(value: bigint): number {
  return Number((value >> 32n) & 0xffffffffn);
}

/** Joins two words (either signedness) into an unsigned 64-bit bigint. */
export function joinWords(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** Throws a RangeError unless `value` is an unsigned 64-bit integer. */
export function assertU64(value: bigint, name: string): void {
  if (typeof value !== 'bigint' || value < 0n || value > U64_MAX) {
    throw new RangeError(`${name} must be a bigint in [0, 2^64): got ${String(value)}`);
  }
}
