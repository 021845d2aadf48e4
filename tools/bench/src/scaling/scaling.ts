import { performance } from 'node:perf_hooks';
import { builtInPolicies } from '@spte-lab/flush-policies';
import { createSimulator, simulatedTlbFactory, World } from '@spte-lab/simulator';
import { createRng } from '@spte-lab/workload-gen';
import { median } from '../harness.js';

/**
 * The scaling table (issue 10): `migration-ring` (dirty rings: a harvest costs what was
 * dirtied, not the guest's size) under kvm-v6.13, 8 vCPUs, every access in one fixed hot set
 * of 4096 gfns (hot-cold with hotShare 1, spread evenly over the guest), at three guest sizes
 * and two event counts. Per size, the slope over the event counts is the marginal cost of an
 * event (linear in events means a constant slope), and what is left besides the build is the
 * run's fixed cost; both should stay flat over guest sizes.
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
  /**
   * Marginal cost of an event at this guest size, µs: the slope between this row and the
   * row with fewer events at the same size (on the first row of a size: that slope too).
   */
  usPerEvent: number;
  /** What the run costs besides its events and the build (the slope's intercept), ms. */
  fixedMs: number;
}

const HOT_GFNS = 4096;
const SIZES = [1 << 16, 1 << 20, 1 << 24];
const EVENTS = [100_000, 200_000];

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
      rows.push({
        gfns,
        events,
        executed,
        buildMs: median(build),
        runMs: median(run),
        usPerEvent: 0,
        fixedMs: 0,
      });
    }
    // Per size: the slope over the event counts is the cost of an event; the rest is fixed.
    const [few, many] = rows.slice(-EVENTS.length) as [ScalingRow, ScalingRow];
    const slopeMs = (many.runMs - few.runMs) / (many.executed - few.executed);
    for (const row of [few, many]) {
      row.usPerEvent = slopeMs * 1000;
      row.fixedMs = row.runMs - row.buildMs - slopeMs * row.executed;
    }
  }
  return rows;
}
