import type { SpteWalkPort, WalkResult } from '@spte-lab/spte-core';
import { EXEC, READ, TlbModel, WRITE } from '@spte-lab/tlb-model';
import type { Retention } from '@spte-lab/tlb-model';
import type { Benchmark } from '../harness.js';

/*
 * TLB accesses per second with 16 vCPUs, realistic and adversarial retention (stale-hit
 * classification off: the performance path). One seeded stream of (vcpu, gfn, kind): 4096 gfns
 * per vCPU, 90% of accesses in a 256-gfn hot set, 70/25/5% read/write/exec. Baseline: a bare
 * per-vCPU direct-mapped typed-array lookup (and fill on a miss) over the same stream.
 */

const VCPUS = 16;
const STREAM = 1 << 20; // a power of two: i & MASK walks the stream
const MASK = STREAM - 1;
const WORKING_SET = 4096;
const HOT = 256;

function buildStream() {
  const vcpu = new Uint8Array(STREAM);
  const gfn = new Uint32Array(STREAM);
  const kind = new Uint8Array(STREAM);
  let x = 0x2545f491;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  for (let i = 0; i < STREAM; i++) {
    vcpu[i] = next() % VCPUS;
    gfn[i] = next() % 10 < 9 ? next() % HOT : next() % WORKING_SET;
    const k = next() % 100;
    kind[i] = k < 70 ? READ : k < 95 ? WRITE : EXEC;
  }
  return { vcpu, gfn, kind };
}

const stream = buildStream();

/** Every gfn is a present, writable, executable, dirty 4K leaf. */
class FlatWalker implements SpteWalkPort {
  assists = 0;
  walk(gfn: number, out: WalkResult): void {
    out.level = 1;
    out.pfn = 0x100000 + gfn;
    out.readable = true;
    out.writable = true;
    out.executable = true;
    out.dirty = true;
    out.adEnabled = true;
  }
  setAccessedDirty(): void {
    this.assists++;
  }
}

const SLOTS = 2048;
const tags = new Int32Array(VCPUS * SLOTS).fill(-1);
const perms = new Uint8Array(VCPUS * SLOTS);

function bareLoop(iterations: number): number {
  let hits = 0;
  for (let i = 0; i < iterations; i++) {
    const j = i & MASK;
    const g = stream.gfn[j] ?? 0;
    const slot = (stream.vcpu[j] ?? 0) * SLOTS + (g & (SLOTS - 1));
    if (tags[slot] === g && ((perms[slot] ?? 0) & (1 << (stream.kind[j] ?? 0))) !== 0) {
      hits++;
    } else {
      tags[slot] = g;
      perms[slot] = 7;
    }
  }
  return hits;
}

function tlbBenchmark(retention: Retention): Benchmark {
  const tlb = new TlbModel({ vcpus: VCPUS, retention, classifyStaleHits: false }, new FlatWalker());
  for (let v = 0; v < VCPUS; v++) tlb.enterGuest(v);
  return {
    name: `tlb-access/${retention}`,
    description: `TlbModel.access, ${VCPUS} vCPUs, ${retention} retention`,
    opsPerIteration: 1,
    unit: 'accesses/s',
    baseline: bareLoop,
    run(iterations) {
      let acc = 0;
      for (let i = 0; i < iterations; i++) {
        const j = i & MASK;
        acc = (acc + tlb.access(stream.vcpu[j] ?? 0, stream.gfn[j] ?? 0, stream.kind[j] ?? 0)) | 0;
      }
      return acc;
    },
  };
}

export const tlbAccessBenchmarks: readonly Benchmark[] = [
  tlbBenchmark('realistic'),
  tlbBenchmark('adversarial'),
];
