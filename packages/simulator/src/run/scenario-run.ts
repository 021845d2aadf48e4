/**
 * One run: policy × scenario × seed (ARCHITECTURE.md "Runs"). Builds the VM, the TLBs and the
 * oracles, then interleaves the actors' steps with a seeded scheduler: guest accesses keep
 * running while KVM operations hold `mmu_lock`.
 */
import {
  ACCESS_EXEC,
  ACCESS_READ,
  ACCESS_WRITE,
  ACTOR_HOST_MM,
  ACTOR_TRACKER,
  ACTOR_VMM,
  bindSpteOps,
  ClearDirtyLogOp,
  DEFAULT_PFN_BASE,
  GetDirtyLogOp,
  KvmVm,
  type Operation,
  PageFaultOp,
  ResetDirtyRingsOp,
  STEP_DONE,
  type SpteWalkPort,
} from '@spte-lab/spte-core';
import type { RunResult, Violation } from '@spte-lab/reporter';
import { FAULT, HIT, STALE_EXCEEDING, STALE_HARMLESS } from '@spte-lab/tlb-model';
import {
  type ActorRates,
  actorOf,
  createRng,
  type Rng,
  type ScenarioParams,
  type WorkloadEvent,
} from '@spte-lab/workload-gen';
import { MigrationOracle } from '../oracle/migration-oracle.js';
import { ProtectionOracle } from '../oracle/protection-oracle.js';
import { TraceLog } from '../trace/trace-log.js';
import type { GuestTlb } from './guest-tlb.js';
import { operationForEvent } from './operation-for-event.js';
import type { RunInput } from './run-input.js';
import { RunEvents } from './run-events.js';

/** Builds the TLB model for a run around the VM's SPTE store. */
export type GuestTlbFactory = (
  options: { vcpus: number; retention: 'realistic' | 'adversarial'; seed: number },
  walker: SpteWalkPort,
) => GuestTlb;

/** A vCPU that faults this often on one access is looping: a model error (spec §6.3). */
const MAX_FAULTS_PER_ACCESS = 8;
const ACCESS_CODE = { read: ACCESS_READ, write: ACCESS_WRITE, exec: ACCESS_EXEC } as const;
/** Actors other than vCPUs, by their (negative) actor id. */
const OTHER_ACTORS = [ACTOR_VMM, ACTOR_HOST_MM, ACTOR_TRACKER] as const;

interface VcpuActor {
  op: Operation | null;
  gfn: number;
  /** Pending access kind, or -1 when idle. */
  access: number;
  faults: number;
}

export class ScenarioRun {
  private readonly vm: KvmVm;
  private readonly tlb: GuestTlb;
  private readonly rng: Rng;
  private readonly params: ScenarioParams;
  private readonly migration: MigrationOracle;
  private readonly protection: ProtectionOracle;
  private readonly trace = new TraceLog();
  private readonly events: RunEvents;
  private readonly vcpus: VcpuActor[];
  /** The current operation of the VMM, host-MM and tracker actors, indexed by -actor - 1. */
  private readonly others: (Operation | null)[] = OTHER_ACTORS.map(() => null);
  private readonly violations: Violation[] = [];
  /** Violations seen beyond the first of each (kind, gfn), which alone carry a trace. */
  private repeatedViolations = 0;
  private readonly reported = new Set<string>();
  private readonly busy: number[] = [];
  private readonly weights: number[] = [];
  private readonly rates: Required<ActorRates>;

  constructor(
    private readonly input: RunInput,
    tlbFactory: GuestTlbFactory,
  ) {
    const scenario = input.scenario;
    this.params = { ...scenario.defaults, ...input.params };
    this.rng = createRng(input.seed);
    this.rates = { vcpu: 1, vmm: 1, hostMm: 1, tracker: 1, ...scenario.rates };
    const kernel = input.kernel ?? input.policy.kernel ?? 'v6.13';
    const ops = bindSpteOps(scenario.format, kernel);
    this.migration = new MigrationOracle(this.params.gfns);
    this.protection = new ProtectionOracle(this.params.gfns);
    this.events = new RunEvents(this.trace, this.migration, this.protection, ops);
    let tlb: GuestTlb | undefined;
    this.vm = new KvmVm(
      {
        format: scenario.format,
        kernel,
        mmu: scenario.mmu,
        vcpus: this.params.vcpus,
        gfns: this.params.gfns,
        pfnBase: DEFAULT_PFN_BASE,
        indirect: scenario.vm.indirect ?? false,
        fineSteps: input.fineSteps ?? false,
      },
      ops,
      input.policy,
      (store) =>
        (tlb = tlbFactory(
          {
            vcpus: this.params.vcpus,
            retention: input.retention ?? 'adversarial',
            seed: input.seed,
          },
          store,
        )),
      this.events,
      { modelError: (actor, gfn, message) => this.violate('model', gfn, actor, message) },
    );
    this.tlb = tlb!;
    this.vm.memslot.manualProtect = scenario.vm.manualProtect ?? false;
    this.vm.memslot.initiallySet = scenario.vm.initiallySet ?? false;
    this.vm.memslot.hugeBacking = scenario.vm.hugeBacking ?? false;
    this.vm.memslot.eagerSplit = input.eagerSplit ?? scenario.vm.eagerSplit ?? 'on';
    this.vm.memslot.readOnly = scenario.vm.readOnly ?? false;
    if (scenario.vm.dirtyRing)
      this.vm.useDirtyRings(scenario.vm.dirtyRing.size, scenario.vm.dirtyRing.softLimit);
    this.vcpus = Array.from({ length: this.params.vcpus }, () => ({
      op: null,
      gfn: 0,
      access: -1,
      faults: 0,
    }));
    for (let v = 0; v < this.params.vcpus; v++) this.tlb.enterGuest(v);
  }

  execute(): RunResult {
    for (const event of this.input.scenario.events(this.params, this.rng)) {
      this.dispatch(event);
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
      stats: {
        ...this.vm.stats.toRecord(),
        ...this.tlb.counterRecord(),
        steps: this.events.step,
        violations_repeated: this.repeatedViolations,
      },
      violations: this.violations,
    };
  }

  private dispatch(event: WorkloadEvent): void {
    if (event.type === 'final_harvest') return this.finalHarvest();
    const { kind, index } = actorOf(event);
    if (kind === 'vcpu') {
      const actor = this.vcpus[index]!;
      while (actor.op || actor.access >= 0) this.stepRandom();
      if (event.type === 'access') {
        actor.gfn = event.gfn;
        actor.access = ACCESS_CODE[event.access];
        actor.faults = 0;
      } else {
        // Shadowing a table and syncing on a guest TLB flush happen on an exit (spec §3.10).
        this.tlb.exitGuest(index);
        actor.op = operationForEvent(this.vm, this.events, event);
        if (event.type === 'guest_tlb_flush') this.tlb.flushLocal(index);
      }
      return;
    }
    const slot =
      -(kind === 'vmm' ? ACTOR_VMM : kind === 'host-mm' ? ACTOR_HOST_MM : ACTOR_TRACKER) - 1;
    while (this.others[slot]) this.stepRandom();
    this.others[slot] = operationForEvent(this.vm, this.events, event);
  }

  /** Pause every vCPU, harvest once more, and check that no dirty page was lost. */
  private finalHarvest(): void {
    while (this.stepRandom()) {
      /* let every actor finish */
    }
    for (let v = 0; v < this.vcpus.length; v++) this.tlb.exitGuest(v);
    this.events.milestone(ACTOR_VMM, 'final_harvest', 'guest paused; last harvest', -1);
    const vm = this.vm;
    const op = vm.memslot.dirtyRing
      ? new ResetDirtyRingsOp(vm)
      : vm.memslot.manualProtect
        ? new ClearDirtyLogOp(vm, 0, vm.config.gfns)
        : new GetDirtyLogOp(vm);
    do this.events.step++;
    while (op.step() !== STEP_DONE);
    for (const gfn of this.migration.lostPages()) {
      const { copied, actual } = this.migration.versions(gfn);
      this.violate(
        'migration',
        gfn,
        -1,
        `gfn ${gfn}: the destination has version ${copied} but the guest wrote version ${actual}: a dirty page was never harvested`,
        this.migration.firstLostWriteStep(gfn),
      );
    }
    // The simulation may go on after the migration (e.g. disabling logging): resume the guest.
    for (let v = 0; v < this.vcpus.length; v++) this.tlb.enterGuest(v);
  }

  /**
   * Steps one busy actor, chosen by the seeded scheduler in proportion to its rate; false when
   * nobody has work.
   */
  private stepRandom(): boolean {
    const { busy, weights, rates } = this;
    busy.length = 0;
    weights.length = 0;
    let total = 0;
    for (let v = 0; v < this.vcpus.length; v++) {
      const a = this.vcpus[v]!;
      if (a.op || a.access >= 0) {
        busy.push(v);
        weights.push((total += rates.vcpu));
      }
    }
    for (let slot = 0; slot < this.others.length; slot++) {
      if (!this.others[slot]) continue;
      busy.push(-slot - 1);
      const actor = OTHER_ACTORS[slot];
      weights.push(
        (total +=
          actor === ACTOR_VMM ? rates.vmm : actor === ACTOR_HOST_MM ? rates.hostMm : rates.tracker),
      );
    }
    if (busy.length === 0) return false;
    const pick = this.rng.int(0, total - 1);
    let i = 0;
    while (weights[i]! <= pick) i++;
    const actor = busy[i]!;
    this.events.step++;
    if (actor >= 0) {
      this.stepVcpu(actor);
    } else if (this.others[-actor - 1]!.step() === STEP_DONE) {
      this.others[-actor - 1] = null;
    }
    return true;
  }

  private stepVcpu(v: number): void {
    const a = this.vcpus[v]!;
    if (a.op) {
      if (a.op.step() !== STEP_DONE) return;
      // An emulated write completed the guest's instruction; anything else retries it.
      if (a.op instanceof PageFaultOp && a.op.emulated) a.access = -1;
      a.op = null;
      this.tlb.enterGuest(v);
      return;
    }
    if (this.vm.memslot.dirtyRing && this.vm.rings[v]!.softFull) {
      this.waitForRingReset(v);
      return;
    }
    const outcome = this.tlb.access(v, a.gfn, a.access);
    if (outcome === FAULT) {
      this.events.milestone(
        v,
        'page_fault',
        `EPT violation / #PF on ${accessName(a.access)}`,
        a.gfn,
      );
      if (++a.faults > MAX_FAULTS_PER_ACCESS) {
        this.violate(
          'model',
          a.gfn,
          v,
          `vCPU ${v} faulted ${a.faults} times on one ${accessName(a.access)} of gfn ${a.gfn} (fault loop)`,
        );
        a.access = -1;
        this.tlb.enterGuest(v);
        return;
      }
      a.op = new PageFaultOp(this.vm, v, a.gfn, a.access);
      return;
    }
    this.completeAccess(v, a, outcome);
    a.access = -1;
  }

  /**
   * KVM_EXIT_DIRTY_RING_FULL (spec §4.5): the vCPU leaves the guest and waits until its ring is
   * reset; the VMM's reaper harvests all rings in answer (or the VMM's current ioctl finishes).
   */
  private waitForRingReset(v: number): void {
    const vmmSlot = -ACTOR_VMM - 1;
    if (this.others[vmmSlot]) return;
    this.events.milestone(v, 'KVM_EXIT_DIRTY_RING_FULL', 'ring soft-full: the VMM reaps', -1);
    this.tlb.exitGuest(v);
    this.others[vmmSlot] = new ResetDirtyRingsOp(this.vm);
    this.tlb.enterGuest(v);
  }

  /** A guest access went through the TLB without a fault: trace it and ask the oracles. */
  private completeAccess(v: number, a: VcpuActor, outcome: number): void {
    const write = a.access === ACCESS_WRITE;
    const staleClass = this.tlb.lastStale;
    const stale =
      outcome === HIT && (staleClass === STALE_HARMLESS || staleClass === STALE_EXCEEDING);
    // Trace every walk and every write through a stale entry; plain hits are too many.
    if (outcome !== HIT || (stale && write)) {
      const how = stale
        ? `stale TLB entry${staleClass === STALE_EXCEEDING ? ' that exceeds the SPTE' : ''}`
        : 'page walk and TLB fill';
      this.events.milestone(v, 'guest access', `${accessName(a.access)} via ${how}`, a.gfn);
    }
    if (write) {
      this.migration.write(a.gfn, this.events.step);
      if (this.protection.writeMustHaveTrapped(a.gfn)) {
        this.violate(
          'write-track',
          a.gfn,
          v,
          `vCPU ${v} wrote write-protected gfn ${a.gfn} without a trap to KVM`,
        );
      }
    }
    const pfn = this.tlb.lastPfn;
    if (pfn !== this.vm.pfnOf(a.gfn) && !this.vm.invalidating[a.gfn]) {
      this.violate(
        'unmap',
        a.gfn,
        v,
        `vCPU ${v} ${accessName(a.access)} gfn ${a.gfn} through old pfn 0x${pfn.toString(16)} after its invalidation returned`,
      );
    }
  }

  /** Records a violation with the trace of `gfn` up to `traceUntil` (default: now). */
  private violate(
    kind: Violation['kind'],
    gfn: number,
    vcpu: number,
    message: string,
    traceUntil?: number,
  ): void {
    const key = `${kind}/${gfn}`;
    if (this.reported.has(key)) {
      this.repeatedViolations++;
      return;
    }
    this.reported.add(key);
    this.violations.push({
      kind,
      gfn,
      vcpu,
      step: this.events.step,
      message,
      trace: this.trace.forGfn(gfn, traceUntil),
    });
  }
}

function accessName(kind: number): string {
  return kind === ACCESS_WRITE ? 'write' : kind === ACCESS_EXEC ? 'exec' : 'read';
}
