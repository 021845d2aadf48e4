/**
 * Whether the host backs 2M region `region` with a huge page, for a backing ratio `ratio`:
 * regions are chosen evenly (region r is huge iff floor((r+1)·ratio) > floor(r·ratio)), with no
 * randomness, so a trace header's ratio alone says which regions are huge.
 */
export function isHugeBacked(region: number, ratio: number): boolean {
  if (ratio >= 1) return true;
  if (ratio <= 0) return false;
  return Math.floor((region + 1) * ratio) > Math.floor(region * ratio);
}
