import { EXEC, READ, type TlbModel, WRITE } from '@spte-lab/tlb-model';

/**
 * A seeded stream of guest accesses (vcpu, gfn, kind) that is TLB-hit dominated, as a running
 * guest is: each vCPU has a working set of `workingSet` gfns scattered over the whole guest,
 * 90% of its accesses go to the first `hot` of them, and 70/25/5% are reads/writes/fetches.
 */
export interface AccessStream {
  readonly length: number;
  readonly vcpu: Uint8Array;
  readonly gfn: Uint32Array;
  readonly kind: Uint8Array;
  /** Every vCPU's working set, vCPU after vCPU (`workingSet` gfns each). */
  readonly workingSets: Uint32Array;
  readonly workingSet: number;
}

export interface StreamShape {
  readonly vcpus: number;
  readonly gfns: number;
  readonly workingSet: number;
  readonly hot: number;
  /** A power of two, so that `i & (length - 1)` walks the stream. */
  readonly length: number;
}

/** xorshift32: the bench's only randomness, seeded, so every run measures the same stream. */
function xorshift(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

export function buildAccessStream(shape: StreamShape, seed = 0x2545f491): AccessStream {
  const next = xorshift(seed);
  const workingSets = new Uint32Array(shape.vcpus * shape.workingSet);
  for (let i = 0; i < workingSets.length; i++) workingSets[i] = next() % shape.gfns;
  const vcpu = new Uint8Array(shape.length);
  const gfn = new Uint32Array(shape.length);
  const kind = new Uint8Array(shape.length);
  for (let i = 0; i < shape.length; i++) {
    const v = next() % shape.vcpus;
    const pick = next() % 10 < 9 ? next() % shape.hot : next() % shape.workingSet;
    vcpu[i] = v;
    gfn[i] = workingSets[v * shape.workingSet + pick]!;
    const k = next() % 100;
    kind[i] = k < 70 ? READ : k < 95 ? WRITE : EXEC;
  }
  return { length: shape.length, vcpu, gfn, kind, workingSets, workingSet: shape.workingSet };
}

/** `iterations` accesses of the stream through `tlb` (a benchmark's measured loop). */
export function runAccesses(tlb: TlbModel, stream: AccessStream, iterations: number): number {
  const { vcpu, gfn, kind, length } = stream;
  const mask = length - 1;
  let acc = 0;
  for (let i = 0; i < iterations; i++) {
    const j = i & mask;
    acc = (acc + tlb.access(vcpu[j]!, gfn[j]!, kind[j]!)) | 0;
  }
  return acc;
}
