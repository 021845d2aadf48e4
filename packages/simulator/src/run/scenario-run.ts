/**
 * One run: policy × scenario × seed (ARCHITECTURE.md "Runs"). Builds the VM, the TLBs and the
 * oracle, then interleaves the actors' steps with a seeded scheduler: guest accesses keep
 * running while KVM operations hold `mmu_lock`.
 */
import {
  ACCESS_EXEC,
  ACCESS_READ,
  ACCESS_WRITE,
  bindSpteOps,
  EnableDirtyLoggingOp,
  GetDirtyLogOp,
  KvmVm,
  type Operation,
  PageFaultOp,
  STEP_BLOCKED,
  STEP_DONE,
  DEFAULT_PFN_BASE,
  type SpteWalkPort,
} from '@spte-lab/spte-core';
import type { RunResult, Violation } from '@spte-lab/reporter';
import { FAULT, HIT, STALE_EXCEEDING, STALE_HARMLESS } from '@spte-lab/tlb-model';
import { createRng, type Rng, type ScenarioParams, type WorkloadEvent } from '@spte-lab/workload-gen';
import { MigrationOracle } from '../oracle/migration-oracle.js';
import { TraceLog } from '../trace/trace-log.js';
import type { GuestTlb } from './guest-tlb.js';
import type { RunInput } from './run-input.js';
import { RunEvents } from './run-events.js';

/** Builds the TLB model for a run around the VM's SPTE store. */
export type GuestTlbFactory = (
  options: { vcpus: number; retention: 'realistic' | 'adversarial'; seed: number },
  walker: SpteWalkPort,
) => GuestTlb;

/** A vCPU that faults this often on one access is looping: a model error (spec §6.3). */
const MAX_FAULTS_PER_ACCESS = 8;
const ACCESS_ACCESS_CODE = { read: ACCESS_READ, write: ACCESS_WRITE, exec: ACCESS_EXEC } as const;

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
  private readonly oracle: MigrationOracle;
  private readonly trace = new TraceLog();
  private readonly events: RunEvents;
  private readonly vcpus: VcpuActor[];
  private vmmOp: Operation | null = null;
  private readonly violations: Violation[] = [];
  private readonly busy: number[] = [];

  constructor(
    private readonly input: RunInput,
    tlbFactory: GuestTlbFactory,
  ) {
    const scenario = input.scenario;
    this.params = { ...scenario.defaults, ...input.params };
    this.rng = createRng(input.seed);
    const kernel = input.kernel ?? input.policy.kernel ?? 'v6.13';
    const ops = bindSpteOps(scenario.format, kernel);
    this.oracle = new MigrationOracle(this.params.gfns);
    this.events = new RunEvents(this.trace, this.oracle, ops);
    let tlb: GuestTlb | undefined;
    this.vm = new KvmVm(
      {
        format: scenario.format,
        kernel,
        mmu: scenario.mmu,
        vcpus: this.params.vcpus,
        gfns: this.params.gfns,
        pfnBase: DEFAULT_PFN_BASE,
        fineSteps: input.fineSteps ?? false,
      },
      ops,
      input.policy,
      (store) =>
        (tlb = tlbFactory(
          { vcpus: this.params.vcpus, retention: input.retention ?? 'adversarial', seed: input.seed },
          store,
        )),
      this.events,
      { modelError: (actor, gfn, message) => this.violate('model', gfn, actor, message) },
    );
    this.tlb = tlb!;
    this.vcpus = Array.from({ length: this.params.vcpus }, () => ({ op: null, gfn: 0, access: -1, faults: 0 }));
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
      stats: { ...this.vm.stats.toRecord(), ...this.tlb.counterRecord(), steps: this.events.step },
      violations: this.violations,
    };
  }

  private dispatch(event: WorkloadEvent): void {
    if (event.type === 'access') {
      const actor = this.vcpus[event.vcpu]!;
      while (actor.op || actor.access >= 0) this.stepRandom();
      actor.gfn = event.gfn;
      actor.access = ACCESS_ACCESS_CODE[event.access];
      actor.faults = 0;
      return;
    }
    while (this.vmmOp) this.stepRandom();
    if (event.type === 'enable_dirty_logging') this.vmmOp = new EnableDirtyLoggingOp(this.vm);
    else if (event.type === 'get_dirty_log') this.vmmOp = new GetDirtyLogOp(this.vm);
    else this.finalHarvest();
  }

  /** Pause every vCPU, harvest once more, and check that no dirty page was lost. */
  private finalHarvest(): void {
    while (this.stepRandom()) {
      /* let every actor finish */
    }
    for (let v = 0; v < this.vcpus.length; v++) this.tlb.exitGuest(v);
    this.events.milestone(-1, 'get_dirty_log', 'final pause-and-harvest', -1);
    const op = new GetDirtyLogOp(this.vm);
    while (op.step() !== STEP_DONE) this.events.step++;
    for (const gfn of this.oracle.lostPages()) {
      const { copied, actual } = this.oracle.versions(gfn);
      this.violate(
        'migration',
        gfn,
        -1,
        `gfn ${gfn}: destination has version ${copied}, guest wrote version ${actual}; a dirty page was never harvested`,
        this.oracle.firstLostWriteStep(gfn),
      );
    }
  }

  /** Steps one busy actor chosen by the seeded scheduler; false when nobody has work. */
  private stepRandom(): boolean {
    const busy = this.busy;
    busy.length = 0;
    for (let v = 0; v < this.vcpus.length; v++) {
      const a = this.vcpus[v]!;
      if (a.op || a.access >= 0) busy.push(v);
    }
    if (this.vmmOp) busy.push(-1);
    if (busy.length === 0) return false;
    const actor = busy[this.rng.int(0, busy.length - 1)]!;
    this.events.step++;
    if (actor === -1) this.stepVmm();
    else this.stepVcpu(actor);
    return true;
  }

  private stepVmm(): void {
    const status = this.vmmOp!.step();
    if (status === STEP_DONE) this.vmmOp = null;
  }

  private stepVcpu(v: number): void {
    const a = this.vcpus[v]!;
    if (a.op) {
      const status = a.op.step();
      if (status === STEP_BLOCKED || status !== STEP_DONE) return;
      a.op = null;
      this.tlb.enterGuest(v);
      return;
    }
    const outcome = this.tlb.access(v, a.gfn, a.access);
    if (outcome === FAULT) {
      this.events.milestone(v, 'page_fault', `fault on ${accessName(a.access)}`, a.gfn);
      if (++a.faults > MAX_FAULTS_PER_ACCESS) {
        this.violate('model', a.gfn, v, `vCPU ${v} faulted ${a.faults} times on one ${accessName(a.access)} of gfn ${a.gfn} (fault loop)`);
        a.access = -1;
        return;
      }
      a.op = new PageFaultOp(this.vm, v, a.gfn, a.access);
      return;
    }
    // Trace writes that bypass the SPTE store's current state, and every walk; plain hits and
    // stale reads are too many to be worth a line.
    const stale =
      outcome === HIT &&
      a.access === ACCESS_WRITE &&
      (this.tlb.lastStale === STALE_HARMLESS || this.tlb.lastStale === STALE_EXCEEDING);
    if (stale || outcome !== HIT) {
      const how = stale
        ? `stale TLB entry${this.tlb.lastStale === STALE_EXCEEDING ? ' that exceeds the SPTE' : ''}`
        : 'page walk and TLB fill';
      this.events.milestone(v, 'guest access', `${accessName(a.access)} via ${how}`, a.gfn);
    }
    if (a.access === ACCESS_WRITE) this.oracle.write(a.gfn, this.events.step);
    a.access = -1;
  }

  /** Records a violation with the trace of `gfn` up to `traceUntil` (default: now). */
  private violate(kind: Violation['kind'], gfn: number, vcpu: number, message: string, traceUntil?: number): void {
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
