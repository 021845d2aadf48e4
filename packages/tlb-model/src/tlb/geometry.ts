/**
 * Shape of the per-vCPU TLB hierarchy in `realistic` retention. Defaults are the Skylake client
 * core (also Skylake-SP, Cascade Lake, Ice Lake-era servers keep the same STLB organisation):
 * Intel 64 and IA-32 Architectures Optimization Reference Manual (248966-045, Feb 2022),
 * Table 2-15 "TLB Parameters of the Skylake Microarchitecture".
 *
 * Layout, as the manual describes it: separate L1 structures per page size for data and
 * instructions, backed by one unified second-level TLB (STLB) that holds 4K and 2M translations
 * in the same sets, plus a small STLB array for 1G translations. Whether a page size uses one
 * structure or another matters only for capacity; every structure caches the same fields.
 */
export interface ArrayGeometry {
  /** Total entries; 0 disables the structure (translations of that size skip it). */
  entries: number;
  /** Associativity; `entries / ways` sets, which must be a power of two. */
  ways: number;
}

export interface TlbGeometry {
  /** L1 data TLB, 4K pages. */
  l1d4k: ArrayGeometry;
  /** L1 data TLB, 2M/4M pages. */
  l1d2m: ArrayGeometry;
  /** L1 data TLB, 1G pages. */
  l1d1g: ArrayGeometry;
  /** L1 instruction TLB, 4K pages. */
  l1i4k: ArrayGeometry;
  /** L1 instruction TLB, 2M/4M pages. */
  l1i2m: ArrayGeometry;
  /** L1 instruction TLB, 1G pages (none on Skylake: 1G code pages are served from the STLB). */
  l1i1g: ArrayGeometry;
  /** Unified STLB for 4K and 2M translations. Must have at least one entry. */
  stlb: ArrayGeometry;
  /** STLB for 1G translations. Must have at least one entry. */
  stlb1g: ArrayGeometry;
}

/** Defaults with the row of Table 2-15 each comes from. */
export const DEFAULT_GEOMETRY: Readonly<TlbGeometry> = Object.freeze({
  l1d4k: { entries: 64, ways: 4 }, // DTLB 4KB: 64 entries, 4-way
  l1d2m: { entries: 32, ways: 4 }, // DTLB 2MB/4MB: 32 entries, 4-way
  l1d1g: { entries: 4, ways: 4 }, // DTLB 1GB: 4 entries, 4-way (fully associative)
  l1i4k: { entries: 128, ways: 8 }, // ITLB 4KB: 128 entries, 8-way
  l1i2m: { entries: 8, ways: 8 }, // ITLB 2MB/4MB: 8 entries per thread (modelled fully assoc.)
  l1i1g: { entries: 0, ways: 1 }, // no 1GB ITLB listed
  stlb: { entries: 1536, ways: 12 }, // STLB 4KB+2MB: 1536 entries, 12-way
  stlb1g: { entries: 16, ways: 4 }, // STLB 1GB: 16 entries, 4-way
});

export const GEOMETRY_ARRAYS = [
  'l1d4k',
  'l1d2m',
  'l1d1g',
  'l1i4k',
  'l1i2m',
  'l1i1g',
  'stlb',
  'stlb1g',
] as const satisfies readonly (keyof TlbGeometry)[];
