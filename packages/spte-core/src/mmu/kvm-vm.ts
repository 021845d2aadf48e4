/**
 * One simulated VM's KVM MMU state (spec §3–§5): the SPTE store, the memslot, `mmu_lock`,
 * stats, and the shared steps every operation uses to change a leaf and to reach a flush point.
 */
import type {
  FlushPointKind,
  FlushPolicy,
  LeafChangeSite,
  LockReleaseSite,
  OperationName,
} from '../ports/flush-policy.js';
import type { SpteWalkPort } from '../ports/spte-walk.js';
import type { TlbShootdown } from '../ports/tlb-shootdown.js';
import { FlushExecutor, PendingFlushes } from './flush-executor.js';
import { GuestPageTables } from './guest-page-tables.js';
import { flushSiteOfLeafChange, flushSiteOfPoint } from './flush-sites.js';
import { KvmStats } from './kvm-stats.js';
import { LeafChangeRecord } from './leaf-change-record.js';
import { DirtyRing } from './dirty-ring.js';
import { Memslot } from './memslot.js';
import { type MmuEvents, NO_MMU_EVENTS } from './mmu-events.js';
import { MmuInvalidate } from './mmu-invalidate.js';
import { LOCK_READ, LOCK_WRITE, type LockMode, MmuLock } from './mmu-lock.js';
import { PolicyAdapter } from './policy-adapter.js';
import type { SpteOps } from './spte-ops.js';
import { SpteStore } from './spte-store.js';
import type { StateBuffer } from './state-buffer.js';
import type { VmConfig } from './vm-config.js';

/** A model self-check failed (spec §1.6 invariants): a bug in the model, not a verdict. */
export interface ModelErrorSink {
  modelError(actor: number, gfn: number, message: string): void;
}

/** The per-operation counters a flush point reports (FlushPointSummary). */
export class OperationSummary {
  reaped = 0;
  leafChanges = 0;
  zapped = 0;
  young = 0;
  kernelFlushFlag = false;
}

export class KvmVm {
  readonly store: SpteStore;
  readonly memslot: Memslot;
  /** The guest's page tables as shadow paging sees them (spec §3.10). */
  readonly guestTables: GuestPageTables;
  readonly lock = new MmuLock();
  readonly stats = new KvmStats();
  readonly policy: PolicyAdapter;
  /** Per-vCPU dirty rings, when the memslot logs through rings (spec §4.5). */
  rings: DirtyRing[] = [];
  readonly flushes: FlushExecutor;
  private readonly change: LeafChangeRecord;
  private readonly scratch = new Uint32Array(2);

  constructor(
    readonly config: VmConfig,
    readonly ops: SpteOps,
    policy: FlushPolicy,
    /** Builds the hardware side around this VM's SPTE store (the walker's port). */
    makeShootdown: (walker: SpteWalkPort) => TlbShootdown,
    readonly events: MmuEvents = NO_MMU_EVENTS,
    private readonly errors: ModelErrorSink = { modelError: () => {} },
  ) {
    this.store = new SpteStore(config.gfns, ops);
    this.memslot = new Memslot(config.gfns);
    this.guestTables = new GuestPageTables(config.gfns);
    this.policy = new PolicyAdapter(policy);
    this.flushes = new FlushExecutor(makeShootdown(this.store), this.stats, events);
    this.change = new LeafChangeRecord(ops);
    this.backing = Float64Array.from({ length: config.gfns }, (_, g) => config.pfnBase + g);
    this.nextHostPfn = config.pfnBase + config.gfns;
    this.hugeBroken = new Uint8Array(Math.ceil(config.gfns / 512));
    this.stepMask = config.stepGfns ? stepMaskOf(config.stepGfns, config.gfns) : null;
  }

  /** 1 for each gfn whose SPTE updates end a fine step; null: every gfn (`VmConfig.stepGfns`). */
  private readonly stepMask: Uint8Array | null;

  /**
   * Whether a walk may yield `mmu_lock` before visiting `gfn`: anywhere in runs; in the explorer
   * next to a step gfn or at a 2M boundary. The other gfns of a region are interchangeable
   * children no guest access reaches, so a yield among them shows a waiter nothing new.
   */
  yieldPointAt(gfn: number): boolean {
    const mask = this.stepMask;
    return mask === null || gfn % 512 === 0 || mask[gfn] === 1 || mask[gfn - 1] === 1;
  }

  /** Whether a walk that just updated gfns `first`..`last` ends its step there (fine steps). */
  fineStepAfter(first: number, last = first): boolean {
    if (!this.config.fineSteps) return false;
    const mask = this.stepMask;
    if (mask === null) return true;
    for (let gfn = first; gfn <= last; gfn++) if (mask[gfn] === 1) return true;
    return false;
  }

  /** Switches the memslot to dirty rings of `size` entries per vCPU (spec §4.5). */
  useDirtyRings(size: number, softLimit: number): void {
    this.memslot.dirtyRing = true;
    this.rings = Array.from({ length: this.config.vcpus }, () => new DirtyRing(size, softLimit));
  }

  /**
   * `mark_page_dirty_in_slot()` (spec §4.1): onto the running vCPU's ring with dirty rings,
   * else into the bitmap; nothing unless the slot is dirty-logged.
   */
  markPageDirty(gfn: number, vcpu: number): void {
    if (!this.memslot.dirtyLogging) return;
    if (this.memslot.dirtyRing && vcpu >= 0) this.rings[vcpu]!.push(gfn);
    else this.memslot.markDirty(gfn);
  }

  /** The lock mode the fault path takes: read for the TDP MMU, write for the shadow MMU. */
  get faultLockMode(): LockMode {
    return this.config.mmu === 'tdp' ? LOCK_READ : LOCK_WRITE;
  }

  /** Writes a leaf, checks invariants, reports the change and applies the policy's answer. */
  changeLeaf(
    actor: number,
    op: OperationName,
    site: LeafChangeSite,
    level: number,
    gfn: number,
    newLo: number,
    newHi: number,
    pending: PendingFlushes,
    summary: OperationSummary,
  ): void {
    const oldLo = this.store.readLo(level, gfn);
    const oldHi = this.store.readHi(level, gfn);
    this.store.write(level, gfn, newLo, newHi);
    summary.leafChanges++;
    const newLeaf = this.ops.isPresent(newLo, newHi) && this.ops.isLeaf(newLo, newHi, level);
    if (newLeaf && level === 1) this.store.linkTable(gfn);
    if (newLeaf && !this.ops.writableInvariantsHold(newLo, newHi)) {
      this.errors.modelError(
        actor,
        gfn,
        `SPTE ${this.ops.hex(newLo, newHi)} breaks MW=0⇒W=0 or MW⇒HW (spec §1.6)`,
      );
    }
    this.events.spteChanged(actor, site, level, gfn, oldLo, oldHi, newLo, newHi);
    const change = this.change.fill(op, site, level, gfn, oldLo, oldHi, newLo, newHi);
    const decision = this.policy.onLeafChange(change);
    if (decision != null) {
      const flushSite = flushSiteOfLeafChange(op, site, this.config.mmu);
      this.flushes.apply(decision, pending, actor, op, flushSite);
    }
  }

  /** Makes a leaf non-present (a zap) and counts it in the operation's `zapped`. */
  zapLeaf(
    actor: number,
    op: OperationName,
    site: LeafChangeSite,
    level: number,
    gfn: number,
    pending: PendingFlushes,
    summary: OperationSummary,
  ): void {
    summary.zapped++;
    this.changeLeaf(
      actor,
      op,
      site,
      level,
      gfn,
      this.ops.nonPresentLo,
      this.ops.nonPresentHi,
      pending,
      summary,
    );
  }

  /** Takes `mmu_lock` in an operation's step (spec §3.3); false: held, retry on a later step. */
  acquireLock(mode: LockMode, actor: number, traceName: string, what = 'lock', gfn = -1): boolean {
    if (!this.lock.tryAcquire(mode)) return false;
    this.events.milestone(actor, traceName, what, gfn);
    return true;
  }

  /** The lock-release flush point (deferred flushes run under the lock), then the unlock. */
  releaseLock(
    mode: LockMode,
    actor: number,
    op: OperationName,
    summary: OperationSummary,
    pending: PendingFlushes,
    what = 'unlock',
    gfn = -1,
    traceName: string = op,
    lockSite?: LockReleaseSite,
  ): void {
    this.flushPoint('lock-release', op, actor, summary, pending, lockSite);
    this.lock.release(mode);
    this.events.milestone(actor, traceName, what, gfn);
  }

  /** A flush point: ask the policy, then run what was deferred to it (spec §3.11). */
  flushPoint(
    kind: FlushPointKind,
    op: OperationName,
    actor: number,
    summary: OperationSummary,
    pending: PendingFlushes,
    lockSite?: LockReleaseSite,
  ): void {
    const decision = this.policy.onFlushPoint(
      lockSite === undefined
        ? { kind, operation: op, vcpu: actor, summary }
        : { kind, operation: op, vcpu: actor, summary, lockSite },
    );
    if (decision != null) {
      const site = flushSiteOfPoint(op, kind, this.config.kernel, this.config.mmu);
      this.flushes.apply(decision, pending, actor, op, site);
    }
    if (kind === 'lock-release') this.flushes.drain(pending, 'unlock', actor, op);
    if (kind === 'ioctl-return') this.flushes.drain(pending, 'return', actor, op);
  }

  /** `spte_write_protect()` on the leaf mapping gfn at `level` (spec §3.5); true if it wrote. */
  writeProtectLeaf(
    actor: number,
    op: OperationName,
    site: LeafChangeSite,
    level: number,
    gfn: number,
    ptProtect: boolean,
    pending: PendingFlushes,
    summary: OperationSummary,
  ): boolean {
    return this.rewriteLeaf(actor, op, site, level, gfn, ptProtect ? WP_PT : WP, pending, summary);
  }

  /**
   * Clears the dirty-log bit of the leaf mapping gfn at `level`: D, or W (MW kept) on a leaf
   * that tracks writes by write protection (`clear_dirty_gfn_range`, `__rmap_clear_dirty`,
   * spec §3.6); true if it wrote.
   */
  clearDirtyLeaf(
    actor: number,
    op: OperationName,
    site: LeafChangeSite,
    level: number,
    gfn: number,
    pending: PendingFlushes,
    summary: OperationSummary,
  ): boolean {
    return this.rewriteLeaf(actor, op, site, level, gfn, CLEAR_DIRTY, pending, summary);
  }

  /** A present leaf rewritten by `how` (a number, not a closure: walks call this per gfn). */
  private rewriteLeaf(
    actor: number,
    op: OperationName,
    site: LeafChangeSite,
    level: number,
    gfn: number,
    how: typeof WP | typeof WP_PT | typeof CLEAR_DIRTY,
    pending: PendingFlushes,
    summary: OperationSummary,
  ): boolean {
    const lo = this.store.readLo(level, gfn);
    const hi = this.store.readHi(level, gfn);
    if (!this.ops.isPresent(lo, hi) || !this.ops.isLeaf(lo, hi, level)) return false;
    const out = this.scratch;
    const wrote =
      how === CLEAR_DIRTY
        ? this.ops.clearDirty(lo, hi, out)
        : this.ops.writeProtect(lo, hi, how === WP_PT, out);
    if (!wrote) return false;
    this.changeLeaf(actor, op, site, level, gfn, out[0]!, out[1]!, pending, summary);
    return true;
  }

  /**
   * The host pfn backing each gfn. It starts as `pfnBase + gfn` and moves when the host
   * replaces the page after an MMU-notifier invalidation (swap, KSM, NUMA migration).
   */
  readonly backing: Float64Array;
  /** MMU-notifier invalidations: in progress, their range, the sequence faults sample (§3.8). */
  readonly mmuInvalidate = new MmuInvalidate();
  private nextHostPfn: number;

  /** `kvm->mmu_invalidate_in_progress`. */
  get mmuInvalidateInProgress(): number {
    return this.mmuInvalidate.inProgress;
  }

  /** `kvm->mmu_invalidate_seq`, which a fault samples before resolving its pfn (§12.11). */
  get mmuInvalidateSeq(): number {
    return this.mmuInvalidate.seq;
  }

  pfnOf(gfn: number): number {
    return this.backing[gfn]!;
  }

  /**
   * The host unmaps the gfn's page and gives it a new one once `invalidate_range_start` returned
   * (spec §3.8, §12.12): from then on no access may use the old pfn.
   */
  replaceBacking(gfn: number): void {
    this.backing[gfn] = this.nextHostPfn++;
    this.hugeBroken[gfn >>> 9] = 1;
  }

  /** 2M regions whose backing is no longer one aligned huge page. */
  private readonly hugeBroken: Uint8Array;

  /**
   * Everything that decides the VM's future, for the explorer's snapshots: SPTEs, memslot,
   * lock, dirty rings and host backing. Stats are left out: they record the past and nothing
   * in the model reads them. The policy is assumed stateless.
   */
  saveState(out: StateBuffer): void {
    this.store.saveState(out);
    this.memslot.saveState(out);
    this.guestTables.saveState(out);
    this.lock.saveState(out);
    for (const ring of this.rings) ring.saveState(out);
    out.writeFloat64s(this.backing);
    this.mmuInvalidate.saveState(out);
    out.write(this.nextHostPfn);
    out.writeUint8s(this.hugeBroken);
  }

  loadState(src: StateBuffer): void {
    this.store.loadState(src);
    this.memslot.loadState(src);
    this.guestTables.loadState(src);
    this.lock.loadState(src);
    for (const ring of this.rings) ring.loadState(src);
    src.readFloat64s(this.backing);
    this.mmuInvalidate.loadState(src);
    this.nextHostPfn = src.read();
    src.readUint8s(this.hugeBroken);
  }

  /**
   * The largest level a fault may map `gfn` at (`kvm_mmu_max_mapping_level`, spec §3.9): 2M
   * when the host backs the region with one huge page, the region lies inside the slot, no gfn
   * in it is write-tracked or shadowed (`disallow_lpage`) and the slot is not dirty-logged.
   */
  maxMappingLevel(gfn: number): number {
    const slot = this.memslot;
    const region = gfn >>> 9;
    if (!slot.hugeBacking || slot.dirtyLogging) return 1;
    if (
      (region + 1) * 512 > this.config.gfns ||
      this.hugeBroken[region] ||
      slot.disallowLpage[region]
    )
      return 1;
    return 2;
  }
}

/** `VmConfig.stepGfns` as a mask over the memslot: each gfn and its 2M region's base. */
function stepMaskOf(stepGfns: readonly number[], gfns: number): Uint8Array {
  const mask = new Uint8Array(gfns);
  for (const gfn of stepGfns) {
    if (!Number.isInteger(gfn) || gfn < 0 || gfn >= gfns) continue;
    mask[gfn] = 1;
    mask[gfn - (gfn % 512)] = 1;
  }
  return mask;
}

/** `KvmVm.rewriteLeaf`'s rewrites: `spte_write_protect` (without / with pt_protect), clear D. */
const WP = 0;
const WP_PT = 1;
const CLEAR_DIRTY = 2;
