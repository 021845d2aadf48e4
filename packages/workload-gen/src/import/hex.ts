/**
 * Tracepoint text prints 64-bit addresses in hex, beyond a double's 53 exact bits. A page
 * number drops the low 12 bits, i.e. the last three hex digits, and what remains (at most 52
 * bits) is exact: no BigInt per line.
 */
export function pageOfHex(hex: string): number {
  const digits = hex.startsWith('0x') || hex.startsWith('0X') ? hex.slice(2) : hex;
  return digits.length <= 3 ? 0 : parseInt(digits.slice(0, -3), 16);
}

/** True when the address's offset within its 4K page is not zero. */
export function hasPageOffset(hex: string): boolean {
  return !/^(0x)?([0-9a-f]*000|0)$/i.test(hex);
}

/** The low 32 bits of a hex number (error codes: every flag the importer reads is below bit 32). */
export function low32OfHex(hex: string): number {
  const digits = hex.startsWith('0x') || hex.startsWith('0X') ? hex.slice(2) : hex;
  return parseInt(digits.slice(-8) || '0', 16) >>> 0;
}
