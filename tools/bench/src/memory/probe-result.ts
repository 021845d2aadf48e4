import type { TlbGeometry } from '@spte-lab/tlb-model';

/** What memory-probe prints (bytes are V8 heap plus typed-array buffers, after a full GC). */
export interface MemoryProbe {
  gfns: number;
  vcpus: number;
  /** Everything the guest's model holds. */
  guestBytes: number;
  heapLimitBytes: number;
  realisticTlbBytesPerEntry: number;
  adversarialTlbBytesPerEntry: number;
  alive: number;
}

/** Entries one vCPU's realistic TLB holds, over every structure. */
export function geometryEntries(geometry: Readonly<TlbGeometry>): number {
  return Object.values(geometry).reduce((sum, a) => sum + a.entries, 0);
}
