import type { World } from '@spte-lab/simulator';
import { TlbModel } from '@spte-lab/tlb-model';
import type { Benchmark } from '../harness.js';
import { buildAccessStream, runAccesses } from './access-stream.js';
import { BareTlbLoop } from './bare-tlb-loop.js';
import { benchWorld } from './bench-world.js';

/*
 * The guest-access hot path (issue 10), 16 vCPUs, a 1 Mi-gfn (4 GiB) guest, EPT, TDP MMU,
 * kvm-v6.13, realistic retention. Every working-set gfn is faulted in first (a write: SPTEs
 * present, writable, dirty), so the stream is TLB-hit dominated. Two rows:
 *  - guest-access: the hardware access path, TlbModel.access over the VM's SPTE store (TLB
 *    lookup, LRU, STLB refill; a walk of the real SPTEs and the A/D assist on a miss), with
 *    stale-hit classification off, as tlb-model's performance path runs;
 *  - guest-access/in-run: World.accessNow, what a simulation run does per access on top of
 *    that: the vCPU actor, stale-hit classification (a second SPTE walk on every hit, for the
 *    stale_hits_* stats), the migration and write-track oracles and the unmap check.
 * Baseline of both: BareTlbLoop, the same L1/STLB hash lookups over the same stream in flat
 * typed arrays, measured in the same run.
 */
const VCPUS = 16;
const GFNS = 1 << 20;

const stream = buildAccessStream({
  vcpus: VCPUS,
  gfns: GFNS,
  workingSet: 1024,
  hot: 48,
  length: 1 << 20,
});

function guestWorld(): World {
  const world = benchWorld(VCPUS, GFNS);
  // Fault the working sets in (a write makes every SPTE writable and dirty).
  const { workingSets, workingSet } = stream;
  for (let i = 0; i < workingSets.length; i++)
    world.accessNow(Math.floor(i / workingSet), workingSets[i]!, 1);
  return world;
}

const world = guestWorld();
const bare = new BareTlbLoop(stream);
const tlb = new TlbModel(
  { vcpus: VCPUS, retention: 'realistic', classifyStaleHits: false },
  world.vm.store,
);
for (let v = 0; v < VCPUS; v++) tlb.enterGuest(v);

export const guestAccessBenchmarks: readonly Benchmark[] = [
  {
    name: 'guest-access',
    description: `TlbModel.access over the SPTE store, ${VCPUS} vCPUs, ${GFNS} gfns, realistic`,
    opsPerIteration: 1,
    unit: 'accesses/s',
    baseline: (n) => bare.run(n),
    run: (n) => runAccesses(tlb, stream, n),
  },
  {
    name: 'guest-access/in-run',
    description: `World.accessNow, ${VCPUS} vCPUs, ${GFNS} gfns, realistic retention, hit dominated`,
    opsPerIteration: 1,
    unit: 'accesses/s',
    baseline: (n) => bare.run(n),
    run(iterations) {
      const { vcpu, gfn, kind, length } = stream;
      const mask = length - 1;
      for (let i = 0; i < iterations; i++) {
        const j = i & mask;
        world.accessNow(vcpu[j]!, gfn[j]!, kind[j]!);
      }
      return world.events.step;
    },
  },
];
