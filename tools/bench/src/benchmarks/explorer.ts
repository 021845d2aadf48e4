import { builtInPolicies } from '@spte-lab/flush-policies';
import { DEFAULT_CHECK, explore, explorerFloor, simulatedTlbFactory } from '@spte-lab/simulator';
import type { Benchmark } from '../harness.js';

/*
 * `spte-lab check` throughput: states explored per second on the default check configuration
 * (kvm-v6.13: one vCPU, two writes over two gfns, one GET_DIRTY_LOG, one write-track add), one
 * whole exploration per iteration, as `check` runs it (its world built, every state expanded).
 * Baseline, the explorer's floor: what one exploration must do besides the model's steps, with
 * the counts the exploration really has — a restore, a hash and a seen-set lookup per
 * transition, a snapshot save per state kept for the next level.
 */
export function explorerBenchmarks(): Benchmark[] {
  const tlbFactory = simulatedTlbFactory();
  const config = { ...DEFAULT_CHECK, policy: builtInPolicies['kvm-v6.13'] };
  const outcome = explore(config, tlbFactory);
  const { statesExplored, transitions, statesQueued } = outcome;
  return [
    {
      name: 'explorer/default-check',
      description: `check --policy kvm-v6.13 (default configuration: ${statesExplored} states, ${transitions} transitions, ${statesQueued} snapshots saved), states per second`,
      baselineName: 'restore + hash + seen-set per transition, save per snapshot',
      opsPerIteration: statesExplored,
      unit: 'states/s',
      // Whole explorations: a fixed repeat of 20 (about 0.1–0.5 s) instead of calibrating.
      iterations: 20,
      run(iterations) {
        let states = 0;
        for (let i = 0; i < iterations; i++) states += explore(config, tlbFactory).statesExplored;
        return states;
      },
      baseline(iterations) {
        let checksum = 0;
        for (let i = 0; i < iterations; i++)
          checksum ^= explorerFloor(config, tlbFactory, transitions, statesQueued);
        return checksum;
      },
    },
  ];
}
