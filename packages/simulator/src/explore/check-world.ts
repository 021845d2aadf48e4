import {
  ACTOR_HOST_MM,
  ACTOR_TRACKER,
  ACTOR_VMM,
  EnableDirtyLoggingOp,
  STEP_DONE,
} from '@spte-lab/spte-core';
import type { WorkloadEvent } from '@spte-lab/workload-gen';
import { type GuestTlbFactory, World } from '../run/world.js';
import type { CheckConfig, CheckOperation } from './check-config.js';

/** One choice of the explorer: step `actor`; `gfn` picks the gfn when that starts new work. */
export interface Choice {
  readonly actor: number;
  readonly gfn: number;
}

/** The actor that runs each KVM operation of a check. */
const OPERATION_ACTOR: Record<CheckOperation, number> = {
  get_dirty_log: ACTOR_VMM,
  clear_dirty_log: ACTOR_VMM,
  write_track_add: ACTOR_TRACKER,
  clear_young: ACTOR_HOST_MM,
  invalidate_range: ACTOR_HOST_MM,
};

/** Operations that act on one gfn, which the explorer chooses. */
const PER_GFN: ReadonlySet<CheckOperation> = new Set([
  'write_track_add',
  'clear_young',
  'invalidate_range',
]);

/**
 * A World plus the scripts of a check: each vCPU has a budget of writes (to any gfn), and each
 * other actor a queue of KVM operations. Built identically every time, so that a schedule (a
 * list of choices) replays to the same state.
 */
export class CheckWorld {
  readonly world: World;
  /** The world's step counter when the exploration starts (the set-up took the steps before). */
  readonly stepBase: number;
  private readonly writesLeft: number[];
  private readonly queues = new Map<number, CheckOperation[]>();

  constructor(
    readonly config: CheckConfig,
    tlbFactory: GuestTlbFactory,
  ) {
    this.world = new World(
      {
        scenario: { format: config.format, mmu: config.mmu, vm: config.vm },
        vcpus: config.vcpus,
        gfns: config.slotGfns ?? config.gfns,
        policy: config.policy,
        kernel: config.kernel ?? config.policy.kernel ?? 'v6.13',
        retention: 'adversarial',
        seed: 0,
        fineSteps: true,
        ...(config.eagerSplit ? { eagerSplit: config.eagerSplit } : {}),
      },
      tlbFactory,
    );
    this.warmUp(config.warmWrites ?? []);
    // Dirty logging is on before the race starts (with its flush, if the policy flushes).
    const enable = new EnableDirtyLoggingOp(this.world.vm);
    while (enable.step() !== STEP_DONE);
    this.world.migration.copyAll();
    this.stepBase = this.world.events.step;
    this.writesLeft = Array.from({ length: config.vcpus }, () => config.writes);
    for (const op of config.operations) {
      const actor = OPERATION_ACTOR[op];
      this.queues.set(actor, [...(this.queues.get(actor) ?? []), op]);
    }
  }

  /** vCPU 0 writes each gfn to completion before logging starts, leaving TLB entries behind. */
  private warmUp(gfns: readonly number[]): void {
    const world = this.world;
    for (const gfn of gfns) {
      world.assign({ type: 'access', vcpu: 0, gfn, access: 'write' });
      while (world.isBusy(0)) world.step(0);
    }
  }

  /** Every choice enabled now, in a fixed order (vCPUs, then VMM, host MM, tracker). */
  choices(out: Choice[]): Choice[] {
    out.length = 0;
    const { world, config } = this;
    for (let v = 0; v < config.vcpus; v++) {
      if (world.isBusy(v)) out.push({ actor: v, gfn: -1 });
      else if (this.writesLeft[v]! > 0)
        for (let g = 0; g < config.gfns; g++) out.push({ actor: v, gfn: g });
    }
    for (const actor of [ACTOR_VMM, ACTOR_HOST_MM, ACTOR_TRACKER]) {
      if (world.isBusy(actor)) {
        out.push({ actor, gfn: -1 });
        continue;
      }
      const next = this.queues.get(actor)?.[0];
      if (!next) continue;
      if (PER_GFN.has(next)) for (let g = 0; g < config.gfns; g++) out.push({ actor, gfn: g });
      else out.push({ actor, gfn: -1 });
    }
    return out;
  }

  /** Takes one choice: starts the actor's next piece of work if it is idle, then steps it. */
  apply(choice: Choice): void {
    const { world } = this;
    if (!world.isBusy(choice.actor)) {
      world.assign(this.startEvent(choice));
      // An event that changes nothing (GET_DIRTY_LOG with manual protect) leaves it idle.
      if (!world.isBusy(choice.actor)) return;
    }
    world.step(choice.actor);
  }

  /** Where nothing is left to do: the final pause-and-harvest runs and the oracle judges. */
  finish(): void {
    if (this.world.vm.memslot.dirtyLogging) this.world.finalHarvest();
  }

  /** The scripts' progress, for the state hash. */
  scriptState(): string {
    return `${this.writesLeft.join(',')};${[...this.queues].map(([a, q]) => `${a}:${q.join('+')}`).join(',')}`;
  }

  private startEvent(choice: Choice): WorkloadEvent {
    if (choice.actor >= 0) {
      this.writesLeft[choice.actor]!--;
      return { type: 'access', vcpu: choice.actor, gfn: choice.gfn, access: 'write' };
    }
    const op = this.queues.get(choice.actor)!.shift()!;
    const gfns = this.config.gfns;
    switch (op) {
      case 'get_dirty_log':
        return { type: 'get_dirty_log' };
      case 'clear_dirty_log':
        return { type: 'clear_dirty_log', first: 0, count: gfns };
      case 'write_track_add':
        return { type: 'write_track_add', gfn: choice.gfn };
      case 'clear_young':
      case 'invalidate_range':
        return { type: op, gfn: choice.gfn, count: 1 };
    }
  }
}
