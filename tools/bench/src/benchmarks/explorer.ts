import { builtInPolicies } from '@spte-lab/flush-policies';
import { DEFAULT_CHECK, explore, restoreAndHash, simulatedTlbFactory } from '@spte-lab/simulator';
import type { Benchmark } from '../harness.js';

/*
 * `spte-lab check` throughput: states explored per second on the default check configuration
 * (kvm-v6.13: one vCPU, two writes over two gfns, one GET_DIRTY_LOG, one write-track add),
 * one whole exploration per iteration, as `check` runs it (its world built, every state
 * expanded). Baseline: restoring a saved state and hashing it, once per state, which is the
 * explorer's fixed cost per transition without the model's step; a state takes about 2.25
 * transitions, so the ratio is the share of that floor's speed the explorer keeps.
 */
const tlbFactory = simulatedTlbFactory();
const config = { ...DEFAULT_CHECK, policy: builtInPolicies['kvm-v6.13'] };
/** States of the whole exploration (4,682 when this was written). */
const STATES = explore(config, tlbFactory).statesExplored;

export const explorerBenchmarks: readonly Benchmark[] = [
  {
    name: 'explorer/default-check',
    description: 'check --policy kvm-v6.13 (default configuration), states per second',
    opsPerIteration: STATES,
    unit: 'states/s',
    // Whole explorations: a fixed repeat of 20 (about 0.1–0.5 s) instead of calibrating.
    iterations: 20,
    run(iterations) {
      let states = 0;
      for (let i = 0; i < iterations; i++) states += explore(config, tlbFactory).statesExplored;
      return states;
    },
    baseline(iterations) {
      return restoreAndHash(config, tlbFactory, iterations * STATES);
    },
  },
];
