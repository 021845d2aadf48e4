/**
 * What one TLB entry caches (spec §6.1, SDM 4.10.2.2 / 28.3.1): permissions of the translation,
 * the final entry's dirty flag, and whether hardware A/D assists apply (so that a write through
 * a D=0 entry must re-walk, spec §6.2). Packed into one byte per entry.
 *
 * A translation is identified by a numeric key `vpn * 4 + level`, where `vpn` is the page number
 * at that level (`gfn >>> 9 * (level - 1)`). Keys are exact in a double for gfns below 2^32 and
 * are never 0 or negative, so -1 / 0 can mark empty slots.
 */

/** Permission bits are `1 << kind` for READ (0), WRITE (1), EXEC (2). */
export const PERM_R = 1;
export const PERM_W = 2;
export const PERM_X = 4;
/** Cached dirty flag of the final SPTE. */
export const ENTRY_D = 8;
/** The SPTE was A/D-enabled when the entry was filled. */
export const ENTRY_AD = 16;

/** log2 of the number of 4K pages a level-`level` translation covers. */
export function levelShift(level: number): number {
  return 9 * (level - 1);
}

/** Mask of the gfn bits that are the offset inside a level-`level` page. */
export function levelOffsetMask(level: number): number {
  return level === 1 ? 0 : level === 2 ? 0x1ff : 0x3ffff;
}

export function keyOf(gfn: number, level: number): number {
  return (gfn >>> levelShift(level)) * 4 + level;
}

export function keyLevel(key: number): number {
  return key % 4;
}

export function keyVpn(key: number): number {
  return (key - (key % 4)) / 4;
}

/** First gfn covered by the translation `key`. */
export function keyFirstGfn(key: number): number {
  return keyVpn(key) * 2 ** levelShift(keyLevel(key));
}

/** True if the translation `key` covers any gfn of [gfn, gfn + count). */
export function keyOverlaps(key: number, gfn: number, count: number): boolean {
  const first = keyFirstGfn(key);
  const pages = 2 ** levelShift(keyLevel(key));
  return first < gfn + count && gfn < first + pages;
}

/**
 * How useful a cached entry is for an access of `kind` — used to pick among several entries
 * that translate the same gfn at different levels (SDM 4.10.4.4 lets the processor use any of
 * them; the model takes the one worst for safety): 3 completes the access, 2 grants it but a
 * write must re-walk to set D, 1 lacks the permission.
 */
export function entryScore(perms: number, kind: number): number {
  if ((perms & (1 << kind)) === 0) return 1;
  if (kind === 1 && (perms & (ENTRY_AD | ENTRY_D)) === ENTRY_AD) return 2;
  return 3;
}
