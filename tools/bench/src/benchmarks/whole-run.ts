import { builtInPolicies } from '@spte-lab/flush-policies';
import { createSimulator } from '@spte-lab/simulator';
import { createRng } from '@spte-lab/workload-gen';
import type { Benchmark } from '../harness.js';

/*
 * Whole runs (issues 10, 20): `migration-clear-log` with 8 vCPUs and 1 Mi gfns under kvm-v6.13,
 * its other parameters at their defaults (uniform accesses over the whole guest: nearly every
 * access misses the TLB and takes a KVM page fault), seed 1, adversarial retention as
 * `compare` runs it. One repeat is one run of 200,000 main-phase events; the rate counts every
 * event the run executes (set-up, CLEAR_DIRTY_LOG chunks and final harvest included).
 * Baseline: generating the same event stream alone, so the ratio is the share of the
 * generator's speed the model keeps.
 */
export function wholeRunBenchmarks(): Benchmark[] {
  const simulator = createSimulator();
  const scenario = simulator.scenario('migration-clear-log');
  const policy = builtInPolicies['kvm-v6.13'];
  const SEED = 1;
  const params = (events: number) => ({ ...scenario.defaults, vcpus: 8, gfns: 1 << 20, events });
  /** Events the run executes for `events` main-phase events (the stream is seeded: fixed). */
  const eventCount = (events: number): number => {
    let n = 0;
    for (const _ of scenario.events(params(events), createRng(SEED))) n++;
    return n;
  };
  return [
    {
      name: 'run/migration-clear-log',
      description: 'simulator.run, migration-clear-log, 8 vCPUs, 1 Mi gfns, kvm-v6.13',
      baselineName: 'generating the same event stream',
      opsPerIteration: 1,
      unit: 'events/s',
      iterations: 200_000,
      repeats: 5,
      opsFor: eventCount,
      run(events) {
        return simulator.run({ policy, scenario, seed: SEED, params: params(events) }).stats.steps!;
      },
      baseline: eventCount,
    },
  ];
}
