import { performance } from 'node:perf_hooks';
import { builtInPolicies } from '@spte-lab/flush-policies';
import { createSimulator, simulatedTlbFactory, World } from '@spte-lab/simulator';
import { createRng } from '@spte-lab/workload-gen';
import { median } from '../harness.js';

/**
 * The scaling table (issue 10): `migration-ring` (dirty rings: a harvest costs what was
 * dirtied, not the guest's size) under kvm-v6.13, 8 vCPUs, every access in one fixed hot set
 * of 4096 gfns (hot-cold with hotShare 1), over guest sizes and event counts. A run's cost
 * should grow linearly with events and stay flat in guest size, apart from building the
 * guest's typed arrays, which is reported on its own.
 */
export interface ScalingRow {
  gfns: number;
  /** Main-phase events asked for, and every event the run executed. */
  events: number;
  executed: number;
  /** Building the guest (World: typed arrays sized by gfns), ms. */
  buildMs: number;
  /** The whole run (build included), ms; median over the repeats. */
  runMs: number;
  /** (runMs - buildMs) per executed event, µs. */
  usPerEvent: number;
}

const HOT_GFNS = 4096;
const SIZES = [1 << 16, 1 << 20, 1 << 24];
const EVENTS = [50_000, 100_000];

export function scalingTable(repeats: number): ScalingRow[] {
  const simulator = createSimulator();
  const scenario = simulator.scenario('migration-ring');
  const policy = builtInPolicies['kvm-v6.13'];
  const rows: ScalingRow[] = [];
  // Warm the JIT up first, so that the first row is not also measuring compilation.
  simulator.run({ policy, scenario, seed: 2, params: { ...scenario.defaults, events: 20_000 } });
  for (const gfns of SIZES) {
    for (const events of EVENTS) {
      const params = {
        ...scenario.defaults,
        vcpus: 8,
        gfns,
        events,
        pattern: 'hot-cold',
        hotFraction: HOT_GFNS / gfns,
        hotShare: 1,
      };
      let executed = 0;
      for (const _ of scenario.events(params, createRng(1))) executed++;
      const build: number[] = [];
      const run: number[] = [];
      for (let r = 0; r < repeats; r++) {
        let start = performance.now();
        const world = new World(
          {
            scenario: { format: 'ept', mmu: 'tdp', vm: (scenario.setup?.(params) ?? scenario).vm },
            vcpus: 8,
            gfns,
            policy,
            kernel: 'v6.13',
            retention: 'adversarial',
            seed: 1,
            fineSteps: false,
          },
          simulatedTlbFactory(),
        );
        build.push(performance.now() - start + world.events.step);
        start = performance.now();
        simulator.run({ policy, scenario, seed: 1, params });
        run.push(performance.now() - start);
      }
      const buildMs = median(build);
      const runMs = median(run);
      rows.push({
        gfns,
        events,
        executed,
        buildMs,
        runMs,
        usPerEvent: ((runMs - buildMs) * 1000) / executed,
      });
    }
  }
  return rows;
}
