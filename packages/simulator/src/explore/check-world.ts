import {
  ACTOR_HOST_MM,
  ACTOR_TRACKER,
  ACTOR_VMM,
  EnableDirtyLoggingOp,
  type Operation,
  STEP_DONE,
  type StateBuffer,
} from '@spte-lab/spte-core';
import type { WorkloadEvent } from '@spte-lab/workload-gen';
import { type GuestTlbFactory, OTHER_ACTORS, World } from '../run/world.js';
import { type CheckConfig, type CheckOperation, checkSlotGfns, choiceGfn } from './check-config.js';
import { copyOperation, copyOperationInto } from './operation-state.js';

/** One choice of the explorer: step `actor`; `gfn` picks the gfn when that starts new work. */
export interface Choice {
  readonly actor: number;
  readonly gfn: number;
}

/** The actor that runs each KVM operation of a check; `VCPU` marks the last vCPU. */
const VCPU = 0;
const OPERATION_ACTOR: Record<CheckOperation, number> = {
  get_dirty_log: ACTOR_VMM,
  clear_dirty_log: ACTOR_VMM,
  write_track_add: ACTOR_TRACKER,
  clear_young: ACTOR_HOST_MM,
  invalidate_range: ACTOR_HOST_MM,
  account_shadowed: VCPU,
  enable_dirty_logging: ACTOR_VMM,
  disable_dirty_logging: ACTOR_VMM,
  write_track_remove: ACTOR_TRACKER,
  clear_flush_young: ACTOR_HOST_MM,
  test_young: ACTOR_HOST_MM,
  zap_gfn_range: ACTOR_VMM,
  zap_all_fast: ACTOR_VMM,
  pre_fault: VCPU,
  reset_dirty_rings: ACTOR_VMM,
  pml_drain: VCPU,
  // Not queued: it adds set-up and vCPU 0's guest events (syncPageEvents).
  sync_page: VCPU,
};

/** Operations that act on one gfn, which the explorer chooses. */
const PER_GFN: ReadonlySet<CheckOperation> = new Set([
  'write_track_add',
  'clear_young',
  'invalidate_range',
  'account_shadowed',
  'clear_flush_young',
  'test_young',
  'zap_gfn_range',
  'pre_fault',
]);

/**
 * `sync_page`'s set-up and guest events, on gfn choices 0 (the guest's 4K-level page table) and 1
 * (the page it maps): the ro-mmu-writable-refresh preset's (spec §9 rows 3 and 10, §12.9).
 */
function syncPageEvents(config: CheckConfig): {
  setup: WorkloadEvent[];
  guest: WorkloadEvent[];
} {
  const table = choiceGfn(config, 0);
  const gfn = choiceGfn(config, 1);
  return {
    setup: [
      { type: 'shadow_page_table', vcpu: 0, gfn: table, level: 1 },
      { type: 'guest_pte_write', vcpu: 0, table, gfn, pte: 'pwuxd' },
      { type: 'access', vcpu: 0, gfn, access: 'write' },
    ],
    guest: [
      { type: 'guest_pte_write', vcpu: 0, table, gfn, pte: 'pwud' },
      { type: 'guest_tlb_flush', vcpu: 0 },
    ],
  };
}

/**
 * The gfns whose SPTE updates end an explorer step: the gfn choices and every gfn the set-up,
 * warm-up and guest events name. No guest access reaches any other gfn, so a walk's updates of
 * them need no interleaving points of their own (the simulator README, "Fine steps and yields").
 */
function stepGfns(config: CheckConfig, sync: ReturnType<typeof syncPageEvents> | null): number[] {
  const gfns = Array.from({ length: config.gfns }, (_, choice) => choiceGfn(config, choice));
  gfns.push(...(config.warmWrites ?? []));
  const events = [
    ...(config.setup ?? []),
    ...(config.guestEvents ?? []),
    ...(sync ? [...sync.setup, ...sync.guest] : []),
  ];
  for (const event of events) {
    if ('gfn' in event && typeof event.gfn === 'number') gfns.push(event.gfn);
    if ('table' in event && typeof event.table === 'number') gfns.push(event.table);
  }
  return gfns;
}

/** The order `choices` lists the actors other than vCPUs in. */
const CHOICE_ORDER = [ACTOR_VMM, ACTOR_HOST_MM, ACTOR_TRACKER] as const;

export interface CheckWorldOptions {
  /**
   * Record no trace (the explorer's worlds): the trace only explains a violation, and a
   * counterexample is replayed in a traced world anyway.
   */
  readonly quiet?: boolean;
}

/**
 * A World plus the scripts of a check: each vCPU has a budget of writes (to any gfn), and each
 * other actor a queue of KVM operations. Built identically every time, so that a schedule (a
 * list of choices) replays to the same state.
 *
 * Operations may be shared with snapshots (`shareOperations`): `apply` then steps a copy, so
 * a snapshot's operations never change.
 */
export class CheckWorld {
  readonly world: World;
  /** The world's step counter when the exploration starts (the set-up took the steps before). */
  readonly stepBase: number;
  /** Writes each vCPU has left. */
  readonly writesLeft: number[];
  /**
   * Per actor slot — other actors at -actor - 1, then vCPU v at OTHER_ACTORS.length + v — how
   * many of its queued operations have started.
   */
  readonly queueNext: number[];
  private readonly guestEvents: readonly WorkloadEvent[];
  private readonly queues: CheckOperation[][];
  /** Actors with queued operations, in the order they first appear in the configuration. */
  private readonly queued: number[] = [];
  /** Bit per actor slot (vCPUs, then -actor - 1 after them): its operation is in a snapshot. */
  private shared = 0;
  /**
   * Per actor slot: an operation copy that a restore left behind, which nobody else holds, to
   * copy into next time instead of allocating.
   */
  private readonly spares: (Operation | null)[];
  private readonly scratchActors: Int32Array;
  private readonly scratchGfns: Int32Array;

  constructor(
    readonly config: CheckConfig,
    tlbFactory: GuestTlbFactory,
    options: CheckWorldOptions = {},
  ) {
    const sync = config.operations.includes('sync_page') ? syncPageEvents(config) : null;
    this.world = new World(
      {
        scenario: { format: config.format, mmu: config.mmu, vm: config.vm },
        vcpus: config.vcpus,
        gfns: checkSlotGfns(config),
        policy: config.policy,
        kernel: config.kernel ?? config.policy.kernel ?? 'v6.13',
        retention: 'adversarial',
        seed: 0,
        fineSteps: true,
        stepGfns: stepGfns(config, sync),
        ...(config.eagerSplit ? { eagerSplit: config.eagerSplit } : {}),
      },
      tlbFactory,
    );
    if (options.quiet) silence(this.world);
    this.warmUp(config.warmWrites ?? []);
    for (const event of [...(config.setup ?? []), ...(sync?.setup ?? [])])
      this.runToCompletion(event);
    // Dirty logging is on before the race starts (with its flush, if the policy flushes),
    // unless enabling it is one of the operations explored.
    if (!config.operations.includes('enable_dirty_logging')) {
      const enable = new EnableDirtyLoggingOp(this.world.vm);
      while (enable.step() !== STEP_DONE);
      this.world.migration.copyAll();
    }
    this.stepBase = this.world.events.step;
    this.writesLeft = Array.from({ length: config.vcpus }, () => config.writes);
    const queueSlots = OTHER_ACTORS.length + config.vcpus;
    this.queues = Array.from({ length: queueSlots }, () => []);
    this.queueNext = Array.from({ length: queueSlots + 1 }, () => 0);
    this.guestEvents = [...(config.guestEvents ?? []), ...(sync?.guest ?? [])];
    const operations = config.operations.filter((op) => op !== 'sync_page');
    // spec §5: a tracker removes only what it added.
    if (operations.includes('write_track_remove')) {
      const addAt = operations.indexOf('write_track_add');
      if (addAt >= 0) operations.splice(addAt, 1);
      operations.splice(operations.indexOf('write_track_remove'), 0, 'write_track_add');
    }
    for (const op of operations) {
      const actor = OPERATION_ACTOR[op] === VCPU ? config.vcpus - 1 : OPERATION_ACTOR[op];
      if (!this.queued.includes(actor)) this.queued.push(actor);
      this.queues[queueSlot(actor)]!.push(op);
    }
    this.spares = Array.from({ length: config.vcpus + OTHER_ACTORS.length }, () => null);
    this.scratchActors = new Int32Array(this.maxChoices);
    this.scratchGfns = new Int32Array(this.maxChoices);
  }

  /** vCPU 0 writes each gfn to completion before logging starts, leaving TLB entries behind. */
  private warmUp(gfns: readonly number[]): void {
    for (const gfn of gfns) this.runToCompletion({ type: 'access', vcpu: 0, gfn, access: 'write' });
  }

  private runToCompletion(event: WorkloadEvent): void {
    const world = this.world;
    const actor = world.actorFor(event);
    world.assign(event);
    while (world.isBusy(actor)) world.step(actor);
  }

  /** vCPU 0's next guest event, or undefined when it has run them all. */
  private nextGuestEvent(): WorkloadEvent | undefined {
    return this.guestEvents[this.queueNext[this.queueNext.length - 1]!];
  }

  /** Every choice enabled now, in a fixed order (vCPUs, then VMM, host MM, tracker). */
  choices(out: Choice[]): Choice[] {
    const n = this.enabled(this.scratchActors, this.scratchGfns);
    out.length = 0;
    for (let i = 0; i < n; i++)
      out.push({ actor: this.scratchActors[i]!, gfn: this.scratchGfns[i]! });
    return out;
  }

  /** The most choices ever enabled at once (sizes the arrays `enabled` fills). */
  get maxChoices(): number {
    // A vCPU may choose a write or its queued operation, each on any gfn.
    return (2 * this.config.vcpus + CHOICE_ORDER.length) * Math.max(1, this.config.gfns) + 1;
  }

  /**
   * `choices` as numbers, without allocating: fills `actors` and `gfns` (`maxChoices` long)
   * and returns how many are enabled. An idle vCPU's choice of its queued operation on gfn g
   * is (vCPU, gfns + g); a write to g is (vCPU, g).
   */
  enabled(actors: Int32Array, gfns: Int32Array): number {
    const { world, config } = this;
    let n = 0;
    for (let v = 0; v < config.vcpus; v++) {
      if (world.isBusy(v)) {
        actors[n] = v;
        gfns[n++] = -1;
      } else {
        if (this.writesLeft[v]! > 0)
          for (let g = 0; g < config.gfns; g++) {
            actors[n] = v;
            gfns[n++] = g;
          }
        const op = this.nextOperation(v);
        if (op !== undefined && this.operationReady(op))
          for (let g = 0; g < (PER_GFN.has(op) ? config.gfns : 1); g++) {
            actors[n] = v;
            gfns[n++] = config.gfns + g;
          }
        // vCPU 0's next guest event is the choice with gfn -1.
        if (v === 0 && this.nextGuestEvent()) {
          actors[n] = 0;
          gfns[n++] = -1;
        }
      }
    }
    for (const actor of CHOICE_ORDER) {
      const next = world.isBusy(actor) ? null : this.nextOperation(actor);
      if (next === undefined || (next !== null && !this.operationReady(next))) continue;
      if (next === 'write_track_remove') {
        for (let g = 0; g < config.gfns; g++)
          if (world.vm.memslot.writeTrack[choiceGfn(config, g)]! > 0) {
            actors[n] = actor;
            gfns[n++] = g;
          }
      } else if (next !== null && PER_GFN.has(next))
        for (let g = 0; g < config.gfns; g++) {
          actors[n] = actor;
          gfns[n++] = g;
        }
      else {
        actors[n] = actor;
        gfns[n++] = -1;
      }
    }
    return n;
  }

  /**
   * Whether an idle actor's next operation may start now: disabling logging waits for the guest
   * to be paused (every vCPU idle) and mmu_lock to be free, and a write-track removal for a
   * tracked gfn.
   */
  private operationReady(op: CheckOperation): boolean {
    const { world, config } = this;
    if (op === 'disable_dirty_logging') {
      for (let v = 0; v < config.vcpus; v++) if (world.isBusy(v)) return false;
      // The final harvest runs to completion in the disable's first step and takes mmu_lock:
      // it waits, as the ioctl would, until nobody holds it (else it would spin forever).
      const lock = world.vm.lock;
      if (world.vm.memslot.dirtyLogging && (lock.heldForWrite || lock.readerCount > 0))
        return false;
    } else if (op === 'write_track_remove') {
      for (let g = 0; g < config.gfns; g++)
        if (world.vm.memslot.writeTrack[choiceGfn(config, g)]! > 0) return true;
      return false;
    }
    return true;
  }

  /** Whether any choice is enabled (`choices` is not empty), without listing them. */
  hasChoices(): boolean {
    const { world, config } = this;
    for (let v = 0; v < config.vcpus; v++)
      if (world.isBusy(v) || this.writesLeft[v]! > 0 || this.nextOperation(v)) return true;
    if (this.nextGuestEvent()) return true;
    for (const actor of CHOICE_ORDER)
      if (world.isBusy(actor) || this.nextOperation(actor)) return true;
    return false;
  }

  /** Takes one choice: starts the actor's next piece of work if it is idle, then steps it. */
  apply(choice: Choice): void {
    this.take(choice.actor, choice.gfn);
  }

  /** `apply` with the choice as two numbers. */
  take(actor: number, gfn: number): void {
    const { world } = this;
    if (!world.isBusy(actor)) {
      const event = this.startEvent(actor, gfn);
      if (event === PML_DRAIN) {
        // A VM exit and re-entry (spec §4.6): the drain is the whole step.
        world.events.step++;
        world.events.milestone(actor, 'vmx_flush_pml_buffer', 'VM exit: PML buffer drained', -1);
        world.tlb.exitGuest(actor);
        world.tlb.enterGuest(actor);
        return;
      }
      // The guest is paused (every vCPU idle): the VMM's final harvest comes before logging
      // goes off (spec §4, §12.8); nothing is tracked after it.
      if (event.type === 'disable_dirty_logging' && world.vm.memslot.dirtyLogging)
        world.finalHarvest(true);
      world.assign(event);
      // An event that changes nothing (GET_DIRTY_LOG with manual protect) leaves it idle.
      if (!world.isBusy(actor)) return;
      // The operation it starts is new: no snapshot holds it.
      this.shared &= ~(1 << this.slotOf(actor));
    }
    this.ownOperation(actor);
    world.step(actor);
  }

  /** Where nothing is left to do: the final pause-and-harvest runs and the oracle judges. */
  finish(): void {
    if (this.world.vm.memslot.dirtyLogging) this.world.finalHarvest();
  }

  /** The scripts' progress, as `worldFingerprint` prints it. */
  scriptState(): string {
    const queues = this.queued.map(
      (a) => `${a}:${this.queues[queueSlot(a)]!.slice(this.queueNext[queueSlot(a)]).join('+')}`,
    );
    return `${this.writesLeft.join(',')};${queues.join(',')};${this.queueNext[this.queueNext.length - 1]}`;
  }

  /** The scripts' progress, for snapshots. */
  saveScripts(out: StateBuffer): void {
    out.writeNumbers(this.writesLeft);
    out.writeNumbers(this.queueNext);
  }

  loadScripts(src: StateBuffer): void {
    src.readNumbers(this.writesLeft);
    src.readNumbers(this.queueNext);
  }

  /** The current operations now belong to a snapshot too: the next step of each copies it. */
  shareOperations(): void {
    this.shared = -1;
  }

  /**
   * Puts a snapshot's operations (one per actor slot, from `ops[at]`) back in the world, shared
   * with the snapshot. Copies of this world's own that they replace become spares.
   */
  restoreOperations(ops: readonly (Operation | null)[], at: number): void {
    const { world } = this;
    const vcpus = world.vcpus.length;
    for (let slot = 0; slot < this.spares.length; slot++) {
      const a = slot < vcpus ? world.vcpus[slot]! : null;
      const current = a ? a.op : world.others[slot - vcpus]!;
      if (current !== null && !this.isShared(slot)) this.spares[slot] = current;
      if (a) a.op = ops[at + slot]!;
      else world.others[slot - vcpus] = ops[at + slot]!;
    }
    this.shared = -1;
  }

  /** Whether the operation in an actor slot (vCPUs, then -actor - 1 after them) is shared. */
  isShared(slot: number): boolean {
    return ((this.shared >>> slot) & 1) === 1;
  }

  /** Replaces a shared operation of `actor` with a copy of its own before it steps. */
  private ownOperation(actor: number): void {
    const { world } = this;
    const slot = this.slotOf(actor);
    if (!this.isShared(slot)) return;
    this.shared &= ~(1 << slot);
    const a = actor >= 0 ? world.vcpus[actor]! : null;
    const op = a ? a.op : world.others[-actor - 1]!;
    if (op === null) return;
    const spare = this.spares[slot]!;
    this.spares[slot] = null;
    const copy = spare === null ? copyOperation(op) : copyOperationInto(spare, op);
    if (a) a.op = copy;
    else world.others[-actor - 1] = copy;
  }

  /** An actor's slot: vCPUs first, then the other actors by -actor - 1. */
  private slotOf(actor: number): number {
    return actor >= 0 ? actor : this.config.vcpus - actor - 1;
  }

  private nextOperation(actor: number): CheckOperation | undefined {
    const slot = queueSlot(actor);
    return this.queues[slot]![this.queueNext[slot]!];
  }

  private startEvent(actor: number, choice: number): WorkloadEvent | typeof PML_DRAIN {
    const { config } = this;
    const gfns = config.gfns;
    // A vCPU's operation choice is gfns + g; every other choice is g.
    const gfn = choiceGfn(config, actor >= 0 && choice >= gfns ? choice - gfns : choice);
    if (actor >= 0 && choice < 0)
      return this.guestEvents[this.queueNext[this.queueNext.length - 1]!++]!;
    if (actor >= 0 && choice < gfns) {
      this.writesLeft[actor]!--;
      return { type: 'access', vcpu: actor, gfn, access: 'write' };
    }
    const op = this.queues[queueSlot(actor)]![this.queueNext[queueSlot(actor)]!++]!;
    switch (op) {
      case 'get_dirty_log':
        return { type: 'get_dirty_log' };
      case 'enable_dirty_logging':
        return { type: 'enable_dirty_logging' };
      case 'disable_dirty_logging':
      case 'zap_all_fast':
        return { type: op };
      case 'reset_dirty_rings':
        return { type: 'harvest_dirty_rings' };
      case 'clear_dirty_log':
        return {
          type: 'clear_dirty_log',
          first: 0,
          count: config.clearPages ?? (config.regions === 2 ? checkSlotGfns(config) : gfns),
        };
      case 'account_shadowed':
        // A 4K-level table: write-protected directly, no write-track count (spec §3.10).
        return { type: 'shadow_page_table', vcpu: actor, gfn, level: 1 };
      case 'pre_fault':
        return { type: 'prefetch_fault', vcpu: actor, gfn, source: 'pre-fault' };
      case 'pml_drain':
        return PML_DRAIN;
      case 'write_track_add':
      case 'write_track_remove':
        return { type: op, gfn };
      case 'clear_young':
      case 'clear_flush_young':
      case 'test_young':
      case 'invalidate_range':
      case 'zap_gfn_range':
        return { type: op, gfn, count: 1 };
      case 'sync_page':
        throw new Error('sync_page is never queued');
    }
  }
}

/** `startEvent`'s answer for a PML drain, which is a VM exit rather than a workload event. */
const PML_DRAIN = Symbol('pml_drain');

/** Where an actor's queue is: other actors at -actor - 1, then the vCPUs. */
function queueSlot(actor: number): number {
  return actor >= 0 ? OTHER_ACTORS.length + actor : -actor - 1;
}

/** Turns the world's trace off (the oracle hooks of its event listener stay). */
function silence(world: World): void {
  world.trace.enabled = false;
}
