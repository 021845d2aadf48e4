import { DEFAULT_GEOMETRY, EXEC } from '@spte-lab/tlb-model';
import type { AccessStream } from './access-stream.js';

/**
 * The baseline of the guest-access benchmarks: the same hash lookups the realistic TLB does for
 * a 4K access — probe the set of the L1 (data or instruction) array; on a miss probe the STLB
 * set and refill the L1 from it, or fill both; LRU stamps on every touch — in flat typed arrays
 * with no model around them: no classes, no counters, no walk, no permissions.
 */
export class BareTlbLoop {
  private readonly l1d: Lru;
  private readonly l1i: Lru;
  private readonly stlb: Lru;

  constructor(private readonly stream: AccessStream) {
    const vcpus = stream.vcpu.reduce((max, v) => Math.max(max, v + 1), 0);
    this.l1d = new Lru(vcpus, DEFAULT_GEOMETRY.l1d4k.entries, DEFAULT_GEOMETRY.l1d4k.ways);
    this.l1i = new Lru(vcpus, DEFAULT_GEOMETRY.l1i4k.entries, DEFAULT_GEOMETRY.l1i4k.ways);
    this.stlb = new Lru(vcpus, DEFAULT_GEOMETRY.stlb.entries, DEFAULT_GEOMETRY.stlb.ways);
  }

  /** `iterations` accesses from the stream; returns the number of L1 hits. */
  run(iterations: number): number {
    const { vcpu, gfn, kind, length } = this.stream;
    const mask = length - 1;
    let hits = 0;
    for (let i = 0; i < iterations; i++) {
      const j = i & mask;
      const v = vcpu[j]!;
      const g = gfn[j]!;
      const l1 = kind[j] === EXEC ? this.l1i : this.l1d;
      if (l1.lookup(v, g)) {
        hits++;
      } else {
        if (!this.stlb.lookup(v, g)) this.stlb.insert(v, g);
        l1.insert(v, g);
      }
    }
    return hits;
  }
}

/** Per-vCPU set-associative arrays of gfn tags with LRU stamps. */
class Lru {
  private readonly tags: Int32Array;
  private readonly stamps: Float64Array;
  private readonly sets: number;
  private clock = 0;

  constructor(
    vcpus: number,
    private readonly entries: number,
    private readonly ways: number,
  ) {
    this.sets = entries / ways;
    this.tags = new Int32Array(vcpus * entries).fill(-1);
    this.stamps = new Float64Array(vcpus * entries);
  }

  lookup(vcpu: number, gfn: number): boolean {
    const base = vcpu * this.entries + (gfn & (this.sets - 1)) * this.ways;
    for (let i = base; i < base + this.ways; i++) {
      if (this.tags[i] === gfn) {
        this.stamps[i] = ++this.clock;
        return true;
      }
    }
    return false;
  }

  insert(vcpu: number, gfn: number): void {
    const base = vcpu * this.entries + (gfn & (this.sets - 1)) * this.ways;
    let victim = base;
    for (let i = base + 1; i < base + this.ways; i++)
      if (this.stamps[i]! < this.stamps[victim]!) victim = i;
    this.tags[victim] = gfn;
    this.stamps[victim] = ++this.clock;
  }
}
