/**
 * The range the host's MMU notifier reports when it unmaps [gfn, gfn + count) of guest memory.
 * A 2M region the host maps with a huge page is never unmapped 4K at a time: THP is split first
 * (`__split_huge_pmd` notifies the whole 2M range) and a hugetlbfs page is unmapped whole, so the
 * range grows to cover every huge-backed region it touches (spec §3.8, §3.9). `hugeBacked` tells
 * whether a region is backed by a huge page.
 */
export function hostUnmapRange(
  gfn: number,
  count: number,
  slotGfns: number,
  hugeBacked: (region: number) => boolean,
): { gfn: number; count: number } {
  let first = gfn;
  let end = gfn + count;
  if (count > 0 && hugeBacked(Math.floor(first / 512))) first -= first % 512;
  if (count > 0 && hugeBacked(Math.floor((end - 1) / 512)))
    end = Math.min(slotGfns, end - 1 - ((end - 1) % 512) + 512);
  return { gfn: first, count: end - first };
}
