import type { SpteWalkPort, WalkResult } from '@spte-lab/spte-core';
import { TlbModel } from '@spte-lab/tlb-model';
import type { Retention } from '@spte-lab/tlb-model';
import type { Benchmark } from '../harness.js';
import { buildAccessStream, runAccesses } from './access-stream.js';
import { BareTlbLoop } from './bare-tlb-loop.js';

/*
 * TlbModel.access alone (no World, a walker that maps everything), 16 vCPUs, realistic and
 * adversarial retention, stale-hit classification off (the performance path), over the same
 * kind of hit-dominated stream as guest-access; baseline: the same bare L1/STLB loop.
 */
const VCPUS = 16;
const stream = buildAccessStream({
  vcpus: VCPUS,
  gfns: 1 << 20,
  workingSet: 1024,
  hot: 48,
  length: 1 << 20,
});

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

function tlbBenchmark(retention: Retention): Benchmark {
  const tlb = new TlbModel({ vcpus: VCPUS, retention, classifyStaleHits: false }, new FlatWalker());
  for (let v = 0; v < VCPUS; v++) tlb.enterGuest(v);
  const bare = new BareTlbLoop(stream);
  return {
    name: `tlb-model/${retention}`,
    description: `TlbModel alone, ${VCPUS} vCPUs, ${retention} retention`,
    opsPerIteration: 1,
    unit: 'accesses/s',
    baseline: (n) => bare.run(n),
    run: (n) => runAccesses(tlb, stream, n),
  };
}

export const tlbAccessBenchmarks: readonly Benchmark[] = [
  tlbBenchmark('realistic'),
  tlbBenchmark('adversarial'),
];
