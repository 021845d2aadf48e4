import { builtInPolicies } from '@spte-lab/flush-policies';
import { DEFAULT_CHECK, explore, simulatedTlbFactory } from '@spte-lab/simulator';
import type { Benchmark } from '../harness.js';

/*
 * `spte-lab check` throughput: states explored per second on the default check configuration
 * (kvm-v6.13: one vCPU, two writes over two gfns, one GET_DIRTY_LOG, one write-track add),
 * stopping after n states. Baseline: building the explorer's initial world n times — the floor
 * of its replay-from-the-start design, so the ratio shows what replay and hashing add to it.
 */
const tlbFactory = simulatedTlbFactory();
const config = { ...DEFAULT_CHECK, policy: builtInPolicies['kvm-v6.13'] };

export const explorerBenchmarks: readonly Benchmark[] = [
  {
    name: 'explorer/default-check',
    description: 'check --policy kvm-v6.13 (default configuration), states per second',
    opsPerIteration: 1,
    unit: 'states/s',
    run(iterations) {
      return explore({ ...config, maxStates: iterations }, tlbFactory).statesExplored;
    },
    baseline(iterations) {
      // maxStates 0: build and hash the initial world, then stop.
      let built = 0;
      for (let i = 0; i < iterations; i++)
        built += explore({ ...config, maxStates: 0 }, tlbFactory).depthReached + 1;
      return built;
    },
  },
];
