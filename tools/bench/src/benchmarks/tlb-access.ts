import type { SpteWalkPort, WalkResult } from '@spte-lab/spte-core';
import { type Retention, TlbModel } from '@spte-lab/tlb-model';
import type { Benchmark } from '../harness.js';
import { runAccesses } from './access-stream.js';
import { BareTlbLoop } from './bare-tlb-loop.js';
import { BareUnboundedLoop } from './bare-unbounded-loop.js';
import { sharedStream, STREAM_VCPUS } from './shared-stream.js';

/*
 * TlbModel.access alone (no World, a walker that maps everything, stale-hit classification
 * off), 16 vCPUs, over the shared stream, once per retention mode, each against a bare loop of
 * its own algorithm: set-associative L1/STLB arrays with LRU for realistic retention, an
 * open-addressing map with generations for adversarial retention.
 */

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
  const stream = sharedStream();
  const tlb = new TlbModel(
    { vcpus: STREAM_VCPUS, retention, classifyStaleHits: false },
    new FlatWalker(),
  );
  for (let v = 0; v < STREAM_VCPUS; v++) tlb.enterGuest(v);
  const bare = retention === 'realistic' ? new BareTlbLoop(stream) : new BareUnboundedLoop(stream);
  return {
    name: `tlb-model/${retention}`,
    description: `TlbModel alone, ${STREAM_VCPUS} vCPUs, ${retention} retention`,
    baselineName:
      retention === 'realistic'
        ? 'bare set-associative L1/STLB loop with LRU'
        : 'bare open-addressing map with generations',
    opsPerIteration: 1,
    unit: 'accesses/s',
    baseline: (n) => bare.run(n),
    run: (n) => runAccesses(tlb, stream, n),
  };
}

export function tlbAccessBenchmarks(): Benchmark[] {
  return [tlbBenchmark('realistic'), tlbBenchmark('adversarial')];
}
