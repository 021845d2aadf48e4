/**
 * Everything one simulated VM is made of at run time (ARCHITECTURE.md "Concurrency"): the KVM
 * model, the TLBs, the oracles, the trace, and the actors with their current work. Drivers
 * decide *which* actor steps next: the seeded scheduler of a run (`ScenarioRun`) or the
 * exhaustive explorer.
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
  type FlushPolicy,
  GetDirtyLogOp,
  InvlpgOp,
  TrackWriteOp,
  UnprotectOp,
  type KernelVersion,
  KvmVm,
  type Operation,
  PageFaultOp,
  ResetDirtyRingsOp,
  STEP_DONE,
  type SpteWalkPort,
} from '@spte-lab/spte-core';
import type { Violation } from '@spte-lab/reporter';
import { FAULT, HIT, STALE_EXCEEDING, STALE_HARMLESS } from '@spte-lab/tlb-model';
import {
  actorKindOf,
  isHugeBacked,
  type ScenarioPreset,
  type WorkloadEvent,
} from '@spte-lab/workload-gen';
import { MigrationOracle } from '../oracle/migration-oracle.js';
import { ProtectionOracle } from '../oracle/protection-oracle.js';
import { SpteTraceDetails } from '../trace/spte-trace-details.js';
import { TraceLog } from '../trace/trace-log.js';
import type { GuestTlb } from './guest-tlb.js';
import { hostUnmapRange } from './host-unmap-range.js';
import { operationForEvent } from './operation-for-event.js';
import { parseGuestPte } from './guest-pte.js';
import { RunEvents } from './run-events.js';

/** Builds the TLB model for a run around the VM's SPTE store. */
export type GuestTlbFactory = (
  options: {
    vcpus: number;
    retention: 'realistic' | 'adversarial';
    seed: number;
    /** 'native' for shadow paging of guest page tables, '2d' for EPT/NPT. */
    walk: '2d' | 'native';
    /** Intel PML buffers per vCPU (spec §4.6). */
    pml: boolean;
  },
  walker: SpteWalkPort,
) => GuestTlb;

export interface WorldConfig {
  readonly scenario: Pick<ScenarioPreset, 'format' | 'mmu' | 'vm'>;
  readonly vcpus: number;
  readonly gfns: number;
  readonly policy: FlushPolicy;
  readonly kernel: KernelVersion;
  readonly retention: 'realistic' | 'adversarial';
  readonly seed: number;
  readonly fineSteps: boolean;
  /** With `fineSteps`: the gfns whose SPTE updates end a step (`VmConfig.stepGfns`). */
  readonly stepGfns?: readonly number[];
  readonly eagerSplit?: 'on' | 'off' | 'fails';
}

/**
 * Violations after this many in one run carry an empty trace: a policy that loses thousands of
 * pages (`never`) would otherwise spend most of its run, and of a sweep's output (170 MB for 64
 * runs), on near-identical traces. Every violation is still reported.
 */
export const TRACED_VIOLATIONS = 64;
/** A vCPU that faults this often on one access is looping: a model error (spec §6.3). */
const MAX_FAULTS_PER_ACCESS = 8;
const ACCESS_CODE = { read: ACCESS_READ, write: ACCESS_WRITE, exec: ACCESS_EXEC } as const;
/** Actors other than vCPUs, by their (negative) actor id: slot = -actor - 1. */
export const OTHER_ACTORS = [ACTOR_VMM, ACTOR_HOST_MM, ACTOR_TRACKER] as const;

/** A plain guest access. */
export const WRITE_PLAIN = 0;
/** A write of a guest PTE (`guest_pte_write`): `gfn` is the table, `pteGfn` the gfn it maps. */
export const WRITE_PTE = 1;
/** A write that clears a page table the guest stopped using (`guest_table_reuse`, §12.4). */
export const WRITE_TABLE_REUSE = 2;

export interface VcpuActor {
  op: Operation | null;
  gfn: number;
  /** Pending access kind, or -1 when idle. */
  access: number;
  faults: number;
  /** WRITE_PLAIN, WRITE_PTE or WRITE_TABLE_REUSE. */
  kind: number;
  /** For WRITE_PTE: the gfn the written PTE maps, and the PTE's GPTE_* bits. */
  pteGfn: number;
  pte: number;
}

export class World {
  readonly vm: KvmVm;
  readonly tlb: GuestTlb;
  readonly migration: MigrationOracle;
  readonly protection: ProtectionOracle;
  readonly trace: TraceLog;
  readonly events: RunEvents;
  readonly vcpus: VcpuActor[];
  /** The current operation of the VMM, host-MM and tracker actors, indexed by -actor - 1. */
  readonly others: (Operation | null)[] = OTHER_ACTORS.map(() => null);
  readonly violations: Violation[] = [];
  /** Violations seen beyond the first of each (kind, gfn), which alone carry a trace. */
  repeatedViolations = 0;
  private readonly reported = new Set<string>();
  /** Whether the host backs a 2M region with a huge page (`hugeBacking`, its ratio). */
  private readonly hugeBacked: (region: number) => boolean;

  constructor(config: WorldConfig, tlbFactory: GuestTlbFactory) {
    const { scenario } = config;
    const ops = bindSpteOps(scenario.format, config.kernel);
    this.trace = new TraceLog(new SpteTraceDetails(ops));
    this.migration = new MigrationOracle(config.gfns);
    this.protection = new ProtectionOracle(config.gfns);
    this.events = new RunEvents(this.trace, this.migration, this.protection);
    let tlb: GuestTlb | undefined;
    this.vm = new KvmVm(
      {
        format: scenario.format,
        kernel: config.kernel,
        mmu: scenario.mmu,
        vcpus: config.vcpus,
        gfns: config.gfns,
        pfnBase: DEFAULT_PFN_BASE,
        indirect: scenario.vm.indirect ?? false,
        fineSteps: config.fineSteps,
        ...(config.stepGfns ? { stepGfns: config.stepGfns } : {}),
      },
      ops,
      config.policy,
      (store) =>
        (tlb = tlbFactory(
          {
            vcpus: config.vcpus,
            retention: config.retention,
            seed: config.seed,
            walk: scenario.vm.indirect ? 'native' : '2d',
            pml: scenario.vm.pml ?? false,
          },
          store,
        )),
      this.events,
      { modelError: (actor, gfn, message) => this.violate('model', gfn, actor, message) },
    );
    this.tlb = tlb!;
    const slot = this.vm.memslot;
    slot.manualProtect = scenario.vm.manualProtect ?? false;
    slot.initiallySet = scenario.vm.initiallySet ?? false;
    slot.hugeBacking = scenario.vm.hugeBacking ?? false;
    slot.eagerSplit = config.eagerSplit ?? scenario.vm.eagerSplit ?? 'on';
    slot.readOnly = scenario.vm.readOnly ?? false;
    slot.pml = scenario.vm.pml ?? false;
    // A drained PML buffer is marked dirty through the vCPU (ring or bitmap, spec §4.1, §4.6).
    if (slot.pml)
      this.tlb.onPmlDrain = (vcpu, gfns, count) => {
        for (let i = 0; i < count; i++) this.vm.markPageDirty(gfns[i]!, vcpu);
      };
    const ratio = scenario.vm.hugeBackingRatio;
    this.hugeBacked = (region) =>
      slot.hugeBacking && (ratio === undefined || isHugeBacked(region, ratio));
    if (slot.hugeBacking && ratio !== undefined) {
      // Regions the host backs with 4K pages map 4K only (host_pfn_mapping_level, spec §3.9).
      // A permanent disallow_lpage count has the same effect on the mapping level, and
      // write-track add/remove, which pair their own counts, never bring it back to zero.
      for (let region = 0; region < slot.disallowLpage.length; region++)
        if (!isHugeBacked(region, ratio)) slot.disallowLpage[region]!++;
    }
    if (scenario.vm.dirtyRing)
      this.vm.useDirtyRings(scenario.vm.dirtyRing.size, scenario.vm.dirtyRing.softLimit);
    this.vcpus = Array.from({ length: config.vcpus }, () => ({
      op: null,
      gfn: 0,
      access: -1,
      faults: 0,
      kind: WRITE_PLAIN,
      pteGfn: 0,
      pte: 0,
    }));
    for (let v = 0; v < config.vcpus; v++) this.tlb.enterGuest(v);
  }

  /** The actor (vCPU index, or a negative id) an event belongs to. */
  actorFor(event: WorkloadEvent): number {
    const kind = actorKindOf(event);
    if (kind === 'vcpu') return (event as { readonly vcpu: number }).vcpu;
    return kind === 'vmm' ? ACTOR_VMM : kind === 'host-mm' ? ACTOR_HOST_MM : ACTOR_TRACKER;
  }

  isBusy(actor: number): boolean {
    if (actor >= 0) return vcpuBusy(this.vcpus[actor]!);
    return this.others[-actor - 1] !== null;
  }

  /**
   * Writes the actors with work into `out` (vCPUs first, then VMM, host MM, tracker) and
   * returns how many; `out` needs room for every vCPU and the other actors.
   */
  busyActors(out: Int32Array): number {
    let n = 0;
    const vcpus = this.vcpus;
    for (let v = 0; v < vcpus.length; v++) if (vcpuBusy(vcpus[v]!)) out[n++] = v;
    for (let slot = 0; slot < this.others.length; slot++)
      if (this.others[slot] !== null) out[n++] = -slot - 1;
    return n;
  }

  /** Gives an event (other than the final harvest) to its actor, which must be idle. */
  assign(event: WorkloadEvent): void {
    const actor = this.actorFor(event);
    if (this.isBusy(actor)) throw new Error(`actor ${actor} is busy; finish its work first`);
    if (actor >= 0) {
      const a = this.vcpus[actor]!;
      switch (event.type) {
        case 'access':
          this.startAccess(a, event.gfn, ACCESS_CODE[event.access]);
          return;
        case 'guest_pte_write':
          this.startAccess(a, event.table, ACCESS_WRITE, WRITE_PTE);
          a.pteGfn = event.gfn;
          a.pte = parseGuestPte(event.pte);
          return;
        case 'guest_table_reuse':
          this.startAccess(a, event.gfn, ACCESS_WRITE, WRITE_TABLE_REUSE);
          return;
        case 'guest_invlpg':
          // INVLPG exits; kvm_mmu_invlpg flushes the vCPU's own translation (flush_tlb_gva).
          this.tlb.exitGuest(actor);
          this.tlb.invalidateGfn(actor, event.gfn);
          a.op = new InvlpgOp(this.vm, actor, event.gfn);
          return;
        case 'prefetch_fault':
          // The vCPU thread runs KVM_PRE_FAULT_MEMORY or the async-PF completion, not the guest.
          this.tlb.exitGuest(actor);
          a.op = new PageFaultOp(
            this.vm,
            actor,
            event.gfn,
            ACCESS_READ,
            event.source === 'pre-fault'
              ? 'kvm_arch_vcpu_pre_fault_memory'
              : 'kvm_arch_async_page_ready',
          );
          return;
        default:
          // Shadowing a table and syncing on a guest TLB flush happen on an exit (spec §3.10).
          this.tlb.exitGuest(actor);
          a.op = operationForEvent(this.vm, this.events, event);
          if (event.type === 'guest_tlb_flush') this.tlb.flushLocal(actor);
          return;
      }
    }
    const hostEvent =
      event.type === 'invalidate_range'
        ? {
            ...event,
            ...hostUnmapRange(event.gfn, event.count, this.vm.config.gfns, this.hugeBacked),
          }
        : event;
    this.others[-actor - 1] = operationForEvent(this.vm, this.events, hostEvent);
  }

  /**
   * One guest access by idle vCPU `vcpu`, run to completion (its faults included) with no other
   * actor in between: for drivers that need no scheduler, such as the benchmarks. `kind` is
   * ACCESS_READ, ACCESS_WRITE or ACCESS_EXEC.
   */
  accessNow(vcpu: number, gfn: number, kind: number): void {
    const a = this.vcpus[vcpu]!;
    if (vcpuBusy(a)) throw new Error(`vCPU ${vcpu} is busy`);
    this.startAccess(a, gfn, kind);
    do this.step(vcpu);
    while (vcpuBusy(a));
  }

  private startAccess(a: VcpuActor, gfn: number, access: number, kind = WRITE_PLAIN): void {
    a.gfn = gfn;
    a.access = access;
    a.faults = 0;
    a.kind = kind;
  }

  /** One atomic step of a busy actor. */
  step(actor: number): void {
    this.events.step++;
    if (actor >= 0) {
      this.stepVcpu(actor);
    } else if (this.others[-actor - 1]!.step() === STEP_DONE) {
      this.others[-actor - 1] = null;
    }
  }

  /**
   * Pause every vCPU, harvest once more, and check that no dirty page was lost. `inNextStep`:
   * the harvest is part of the step about to be taken (the explorer's disable_dirty_logging),
   * so its trace lines carry that step's number and the step counter is left as it was.
   */
  finalHarvest(inNextStep = false): void {
    const at = this.events.step;
    if (inNextStep) this.events.step = at + 1;
    for (let v = 0; v < this.vcpus.length; v++) this.tlb.exitGuest(v);
    this.events.milestone(ACTOR_VMM, 'final_harvest', 'guest paused; last harvest', -1);
    const vm = this.vm;
    const op = vm.memslot.dirtyRing
      ? new ResetDirtyRingsOp(vm)
      : vm.memslot.manualProtect
        ? new ClearDirtyLogOp(vm, 0, vm.config.gfns)
        : new GetDirtyLogOp(vm);
    do if (!inNextStep) this.events.step++;
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
    if (inNextStep) this.events.step = at;
  }

  stats(): Record<string, number> {
    return {
      ...this.vm.stats.toRecord(),
      ...this.tlb.counterRecord(),
      steps: this.events.step,
      violations_repeated: this.repeatedViolations,
    };
  }

  private stepVcpu(v: number): void {
    const a = this.vcpus[v]!;
    if (a.op) {
      const op = a.op;
      if (op.step() !== STEP_DONE) return;
      a.op = op instanceof PageFaultOp && a.access >= 0 ? this.afterFault(v, a, op) : null;
      if (a.op === null) this.tlb.enterGuest(v);
      return;
    }
    if (this.vm.memslot.dirtyRing && this.vm.rings[v]!.softFull) {
      this.waitForRingReset(v);
      return;
    }
    const outcome = this.tlb.access(v, a.gfn, a.access);
    if (outcome === FAULT) {
      this.events.milestone(v, 'page_fault', FAULT_TEXT[a.access]!, a.gfn);
      // A fault on a gfn whose MMU-notifier invalidation is still running is retried by KVM
      // until it ends (spec §3.8): waiting, not a loop, however long a schedule makes it.
      if (!this.vm.mmuInvalidate.covers(a.gfn) && ++a.faults > MAX_FAULTS_PER_ACCESS) {
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
   * What follows a guest access's fault (spec §12.4): nothing, and the access is retried; or the
   * access is over — the guest's own page tables denied it, or KVM emulated the write, whose
   * page-track write reaches `kvm_mmu_track_write` — or, for a write clearing a page table the
   * guest stopped using, `kvm_mmu_unprotect_gfn_and_retry` and then the retry.
   */
  private afterFault(v: number, a: VcpuActor, fault: PageFaultOp): Operation | null {
    const costs = this.tlb.costs;
    this.tlb.chargeCycles(
      (fault.fast ? costs.fastFault : costs.slowFault) + (fault.emulated ? costs.emulation : 0),
    );
    if (fault.guestFault) {
      a.access = -1;
      return null;
    }
    if (!fault.emulated) return null;
    if (fault.mmioExit) {
      a.access = -1;
      return null;
    }
    if (a.kind === WRITE_TABLE_REUSE && this.vm.memslot.shadowed[a.gfn]) {
      // x86_page_table_writing_insn() is false: unprotect and let the vCPU retry natively.
      a.kind = WRITE_PLAIN;
      return new UnprotectOp(this.vm, v, a.gfn);
    }
    // The emulated write completed the guest's instruction.
    a.access = -1;
    let pteGfn = -1;
    if (a.kind === WRITE_PTE) {
      this.writeGuestPte(a);
      pteGfn = a.pteGfn;
    }
    return this.vm.guestTables.indirectShadowPages > 0
      ? new TrackWriteOp(this.vm, v, a.gfn, pteGfn)
      : null;
  }

  /** The guest's PTE write reached memory: the PTE maps `pteGfn` from table `gfn` (§3.10). */
  private writeGuestPte(a: VcpuActor): void {
    const tables = this.vm.guestTables;
    tables.gpte[a.pteGfn] = a.pte;
    tables.tableOf[a.pteGfn] = a.gfn;
  }

  /**
   * KVM_EXIT_DIRTY_RING_FULL (spec §4.5): the vCPU waits until its ring is reset; the VMM's
   * reaper harvests all rings in answer (or the VMM's current ioctl finishes first).
   */
  private waitForRingReset(v: number): void {
    const vmmSlot = -ACTOR_VMM - 1;
    if (this.others[vmmSlot]) return;
    this.events.milestone(v, 'KVM_EXIT_DIRTY_RING_FULL', 'ring soft-full: the VMM reaps', -1);
    this.others[vmmSlot] = new ResetDirtyRingsOp(this.vm);
  }

  /** A guest access went through the TLB without a fault: trace it and ask the oracles. */
  private completeAccess(v: number, a: VcpuActor, outcome: number): void {
    const write = a.access === ACCESS_WRITE;
    // Trace every walk and every write through a stale entry; plain hits are too many.
    if (outcome !== HIT) {
      this.events.milestone(v, 'guest access', FILL_TEXT[a.access]!, a.gfn);
    } else if (write) {
      const staleClass = this.tlb.lastStale;
      if (staleClass === STALE_HARMLESS || staleClass === STALE_EXCEEDING)
        this.events.milestone(v, 'guest access', STALE_WRITE_TEXT[staleClass], a.gfn);
    }
    if (write) {
      if (a.kind === WRITE_PTE) this.writeGuestPte(a);
      this.migration.write(a.gfn, this.events.step);
      if (this.protection.writeMustHaveTrapped(a.gfn)) {
        this.violate('write-track', a.gfn, v, this.untrappedWriteMessage(v, a.gfn));
      }
    }
    // The mmu_notifier contract (spec §12.12): the host unmaps the old page as soon as
    // invalidate_range_start returns, whether or not invalidate_range_end has run.
    const pfn = this.tlb.lastPfn;
    if (pfn !== this.vm.pfnOf(a.gfn)) {
      this.violate(
        'unmap',
        a.gfn,
        v,
        `vCPU ${v} ${accessName(a.access)} gfn ${a.gfn} through old pfn 0x${pfn.toString(16)} after invalidate_range_start returned`,
      );
    }
  }

  /**
   * What a write that should have trapped means. For a guest page table KVM shadows (and no
   * external tracker holds), it is KVM's own loss: the shadow page stays "in sync" with a
   * guest PTE that has changed, and INVLPG, INVEPT and CR3 loads resync only unsync pages
   * (spec §3.10, issue 18).
   */
  private untrappedWriteMessage(v: number, gfn: number): string {
    const slot = this.vm.memslot;
    if (slot.shadowed[gfn] === 1 && slot.unsync[gfn] === 0)
      return (
        `vCPU ${v} wrote guest page table gfn ${gfn}, shadowed by KVM (account_shadowed), without a trap: ` +
        'KVM never saw this page-table write, so the shadow page stays "in sync" but stale ' +
        '(INVLPG, INVEPT and CR3 loads resync only unsync pages)'
      );
    return `vCPU ${v} wrote write-protected gfn ${gfn} without a trap to KVM`;
  }

  /** Records a violation with the trace of `gfn` up to `traceUntil` (default: now). */
  violate(
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
      trace: this.violations.length < TRACED_VIOLATIONS ? this.trace.forGfn(gfn, traceUntil) : [],
    });
  }
}

/** A vCPU has work: a KVM operation (a fault, a shadowing) or an access not yet completed. */
function vcpuBusy(a: VcpuActor): boolean {
  return a.op !== null || a.access >= 0;
}

/** Trace texts by access kind (built once: the access path records them without allocating). */
const ACCESS_KINDS = [ACCESS_READ, ACCESS_WRITE, ACCESS_EXEC];
const FAULT_TEXT = ACCESS_KINDS.map((kind) => `EPT violation / #PF on ${accessName(kind)}`);
const FILL_TEXT = ACCESS_KINDS.map((kind) => `${accessName(kind)} via page walk and TLB fill`);
const STALE_WRITE_TEXT = {
  [STALE_HARMLESS]: 'write via stale TLB entry',
  [STALE_EXCEEDING]: 'write via stale TLB entry that exceeds the SPTE',
};

export function accessName(kind: number): string {
  return kind === ACCESS_WRITE ? 'write' : kind === ACCESS_EXEC ? 'exec' : 'read';
}
