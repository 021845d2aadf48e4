/**
 * One run: policy × scenario × seed (ARCHITECTURE.md "Runs"). The scenario's events go to their
 * actors; a seeded scheduler interleaves the busy actors' steps, weighted by the scenario's
 * rates, so that guest accesses keep running while KVM operations hold `mmu_lock`.
 */
import type { RunResult } from '@spte-lab/reporter';
import { type ActorRates, createRng, type Rng, type ScenarioParams } from '@spte-lab/workload-gen';
import type { RunInput } from './run-input.js';
import { type GuestTlbFactory, OTHER_ACTORS, World } from './world.js';

export type { GuestTlbFactory } from './world.js';

/** The scheduler's seed, derived from the run's seed so both streams follow from one number. */
export function schedulerSeed(seed: number): number {
  return (Math.imul(seed ^ 0x5eed1e55, 0x9e3779b1) ^ 0x2545f491) | 0;
}

export class ScenarioRun {
  private readonly world: World;
  /** The scheduler's own stream, apart from the workload's, so a recorded trace replays exactly. */
  private readonly rng: Rng;
  private readonly workloadRng: Rng;
  private readonly params: ScenarioParams;
  private readonly rates: Required<ActorRates>;
  /** The VMM's, host MM's and tracker's rates, in OTHER_ACTORS order (slot = -actor - 1). */
  private readonly otherRates: readonly number[];
  /** Scratch space of the scheduler, sized once (issue 10: nothing allocated per step). */
  private readonly busy: Int32Array;
  private readonly weights: Float64Array;

  constructor(
    private readonly input: RunInput,
    tlbFactory: GuestTlbFactory,
  ) {
    const scenario = input.scenario;
    this.params = { ...scenario.defaults, ...input.params };
    this.workloadRng = createRng(input.seed);
    this.rng = createRng(schedulerSeed(input.seed));
    this.rates = { vcpu: 1, vmm: 1, hostMm: 1, tracker: 1, ...scenario.rates };
    this.otherRates = [this.rates.vmm, this.rates.hostMm, this.rates.tracker];
    this.busy = new Int32Array(this.params.vcpus + OTHER_ACTORS.length);
    this.weights = new Float64Array(this.busy.length);
    this.world = new World(
      {
        scenario,
        vcpus: this.params.vcpus,
        gfns: this.params.gfns,
        policy: input.policy,
        kernel: input.kernel ?? input.policy.kernel ?? 'v6.13',
        retention: input.retention ?? 'adversarial',
        seed: input.seed,
        fineSteps: input.fineSteps ?? false,
        ...(input.eagerSplit ? { eagerSplit: input.eagerSplit } : {}),
      },
      tlbFactory,
    );
  }

  execute(): RunResult {
    const world = this.world;
    const events = this.input.events ?? this.input.scenario.events(this.params, this.workloadRng);
    for (const event of events) {
      if (event.type === 'final_harvest') {
        while (this.stepRandom()) {
          /* let every actor finish */
        }
        world.finalHarvest();
      } else {
        const actor = world.actorFor(event);
        // A rate of 0 switches the actor off (ActorRates): its events do not happen.
        if (actor < 0 && this.otherRates[-actor - 1] === 0) continue;
        while (world.isBusy(actor)) this.stepRandom();
        world.assign(event);
      }
      while (this.rng.chance(0.5) && this.stepRandom()) {
        /* interleave other actors */
      }
    }
    while (this.stepRandom()) {
      /* drain */
    }
    return {
      policy: this.input.policy.name,
      scenario: this.input.scenario.name,
      seed: this.input.seed,
      stats: world.stats(),
      flushesBySite: sortedRecord(world.vm.stats.flushesBySite),
      rangeFlushesBySite: sortedRecord(world.vm.stats.rangeFlushesBySite),
      violations: world.violations,
    };
  }

  /**
   * Steps one busy actor, chosen in proportion to its rate; false when nobody has work.
   */
  private stepRandom(): boolean {
    const { busy, weights, world } = this;
    const n = world.busyActors(busy);
    if (n === 0) return false;
    const vcpuRate = this.rates.vcpu;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const actor = busy[i]!;
      total += actor >= 0 ? vcpuRate : this.otherRates[-actor - 1]!;
      weights[i] = total;
    }
    const pick = this.rng.int(0, total - 1);
    let i = 0;
    while (weights[i]! <= pick) i++;
    world.step(busy[i]!);
    return true;
  }
}

/** A count map as a record with sorted keys (documents are byte-identical for equal runs). */
function sortedRecord(counts: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
