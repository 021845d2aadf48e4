import type { Benchmark } from '../harness.js';
import { benchWorld } from './bench-world.js';
import { referenceLoop } from './reference.js';
import { sharedStream, STREAM_GFNS, STREAM_VCPUS } from './shared-stream.js';

/*
 * The headline access row (issue 20), `guest-access/in-run`: the path a run's guest accesses
 * take, as `compare` runs them — World.accessNow (the vCPU actor, the TLB with adversarial
 * retention and stale-hit classification on, the migration and write-track oracles, the unmap
 * check) over the shared hit-dominated stream: 16 vCPUs, a 1 Mi-gfn (4 GiB) guest, EPT, TDP
 * MMU, kvm-v6.13. Every working-set gfn is faulted in first (a write: SPTEs present, writable,
 * dirty). Baseline: the shared reference loop, `baseline/bare-hash-probe`, over the same stream.
 */
export function guestAccessBenchmarks(targetMs: number): Benchmark[] {
  const stream = sharedStream();
  const world = benchWorld(STREAM_VCPUS, STREAM_GFNS, {}, 'adversarial');
  const { workingSets, workingSet } = stream;
  for (let i = 0; i < workingSets.length; i++)
    world.accessNow(Math.floor(i / workingSet), workingSets[i]!, 1);
  const reference = referenceLoop(targetMs);
  return [
    {
      name: 'guest-access/in-run',
      description: `World.accessNow, ${STREAM_VCPUS} vCPUs, ${STREAM_GFNS} gfns, adversarial, stale-hit classification on`,
      baselineName: 'baseline/bare-hash-probe',
      opsPerIteration: 1,
      unit: 'accesses/s',
      baseline: reference.run,
      baselineIterations: reference.iterations,
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
}
