import type { ShootdownResult, SpteWalkPort, StateBuffer, TlbShootdown } from '@spte-lab/spte-core';
import { AccessPath } from './access-path.js';
import { PEEK_NONE } from './codes.js';
import type { AccessOutcome, PeekResult, StaleClass } from './codes.js';
import { cycleCosts } from './cost/cost-model.js';
import type { CostModel, CycleCosts } from './cost/cost-model.js';
import { TlbCounters } from './counters.js';
import { resolveTlbModelOptions } from './options.js';
import type { ResolvedTlbModelOptions, TlbModelOptions } from './options.js';
import type { PmlDrainHook } from './pml.js';
import { Shootdown } from './shootdown.js';
import {
  ENTRY_AD,
  ENTRY_D,
  PERM_R,
  PERM_W,
  PERM_X,
  entryScore,
  keyFirstGfn,
  keyLevel,
} from './tlb/entry-bits.js';
import { Replacement } from './tlb/replacement.js';
import { SetAssocTlb } from './tlb/set-assoc-tlb.js';
import { UnboundedTlb } from './tlb/unbounded-tlb.js';
import type { TlbEntrySnapshot, VcpuTlb } from './tlb/vcpu-tlb.js';
import { TlbCore } from './tlb-core.js';
import { BLOCKED, IN_GUEST, OUTSIDE_GUEST, READING_SHADOW_PAGE_TABLES } from './vcpu-modes.js';
import type { VcpuMode } from './vcpu-modes.js';

/**
 * The hardware side of one VM: a TLB per vCPU, the page walker, vCPU modes, flush execution,
 * PML and the cost model (README.md). Implements spte-core's TlbShootdown port.
 *
 * Hot path: `access()` with a hit touches typed arrays and plain number fields only; details of
 * the access are read afterwards from `lastPfn`, `lastLevel`, `lastStale`, `lastFaultFromTlb`.
 */
export class TlbModel implements TlbShootdown {
  readonly options: Readonly<ResolvedTlbModelOptions>;
  readonly vcpus: number;
  readonly counters: TlbCounters;
  /** The cost table in use, with sources. */
  readonly costModel: Readonly<CostModel>;
  /** Its cycle numbers. */
  readonly costs: Readonly<CycleCosts>;

  private readonly core: TlbCore;
  private readonly path: AccessPath;
  private readonly shootdown: Shootdown;

  constructor(options: TlbModelOptions, walker: SpteWalkPort) {
    const resolved = resolveTlbModelOptions(options);
    this.options = resolved;
    this.vcpus = resolved.vcpus;
    this.counters = new TlbCounters(resolved.vcpus);
    this.costModel = resolved.costModel;
    this.costs = cycleCosts(resolved.costModel);
    const tlbs: VcpuTlb[] = [];
    for (let v = 0; v < resolved.vcpus; v++) {
      tlbs.push(
        resolved.retention === 'adversarial'
          ? new UnboundedTlb()
          : new SetAssocTlb(
              resolved.geometry,
              new Replacement(resolved.replacement, resolved.seed, v),
              this.counters,
            ),
      );
    }
    this.core = new TlbCore(
      walker,
      tlbs,
      this.counters,
      this.costs,
      resolved.pml,
      resolved.walk === '2d',
    );
    this.path = new AccessPath(this.core, resolved.classifyStaleHits, resolved.faultInvalidates);
    this.shootdown = new Shootdown(this.core);
  }

  // ---- guest accesses -------------------------------------------------------------------

  /**
   * One guest access of `kind` (READ, WRITE, EXEC) to `gfn` on `vcpu`, which must be in guest
   * mode. Returns HIT, FILL or FAULT; after FAULT the vCPU is outside guest mode.
   */
  access(vcpu: number, gfn: number, kind: number): AccessOutcome {
    return this.path.access(vcpu, gfn, kind) as AccessOutcome;
  }

  /** Host pfn the last completed access used. */
  get lastPfn(): number {
    return this.path.lastPfn;
  }
  /** Level (1 = 4K, 2 = 2M, 3 = 1G) of the entry that served the last completed access. */
  get lastLevel(): number {
    return this.path.lastLevel;
  }
  /** STALE_FRESH / STALE_HARMLESS / STALE_EXCEEDING for the last HIT, else STALE_UNCHECKED. */
  get lastStale(): StaleClass {
    return this.path.lastStale;
  }
  /** Whether the last FAULT came from a cached entry lacking the permission (no walk). */
  get lastFaultFromTlb(): boolean {
    return this.path.lastFaultFromTlb;
  }

  /**
   * What `vcpu`'s cached entries would do for an access, with no side effects (no LRU update,
   * no counters): PEEK_NONE, PEEK_DENIED, PEEK_REWALK or PEEK_HIT. For oracles ("can this vCPU
   * still write G through its TLB?"), valid in any mode.
   */
  peek(vcpu: number, gfn: number, kind: number): PeekResult {
    this.core.modes.check(vcpu);
    const tlb = this.core.tlb(vcpu);
    if (!tlb.find(gfn, kind, false)) return PEEK_NONE;
    return entryScore(tlb.hitPerms, kind) as PeekResult;
  }

  // ---- vCPU modes (changed by the scheduler) ----------------------------------------------

  mode(vcpu: number): VcpuMode {
    this.core.modes.check(vcpu);
    return this.core.modes.mode[vcpu] as VcpuMode;
  }

  /** Whether a KVM_REQ_TLB_FLUSH is pending on `vcpu`. */
  flushPending(vcpu: number): boolean {
    this.core.modes.check(vcpu);
    return this.core.modes.flushRequested[vcpu] === 1;
  }

  /** VM entry from outside guest mode (or from blocked: wake and enter); services requests. */
  enterGuest(vcpu: number): void {
    this.core.modes.expect(vcpu, [OUTSIDE_GUEST, BLOCKED], 'enter guest mode on');
    this.core.enter(vcpu, false);
  }

  /** VM exit to KVM; drains the PML buffer. */
  exitGuest(vcpu: number): void {
    this.core.modes.expect(vcpu, [IN_GUEST], 'exit guest mode on');
    this.core.exit(vcpu, OUTSIDE_GUEST);
  }

  /** The vCPU halts (`kvm_vcpu_block`); from guest mode this is a VM exit first. */
  block(vcpu: number): void {
    this.core.modes.expect(vcpu, [IN_GUEST, OUTSIDE_GUEST], 'block');
    if (this.core.modes.mode[vcpu] === IN_GUEST) this.core.exit(vcpu, BLOCKED);
    else this.core.modes.mode[vcpu] = BLOCKED;
  }

  /** A blocked vCPU wakes up, outside guest mode. */
  wake(vcpu: number): void {
    this.core.modes.expect(vcpu, [BLOCKED], 'wake');
    this.core.modes.mode[vcpu] = OUTSIDE_GUEST;
  }

  /** KVM's lockless shadow-page-table walk begins (mode READING_SHADOW_PAGE_TABLES). */
  beginLocklessWalk(vcpu: number): void {
    this.core.modes.expect(vcpu, [OUTSIDE_GUEST], 'begin a lockless walk on');
    this.core.modes.mode[vcpu] = READING_SHADOW_PAGE_TABLES;
  }

  endLocklessWalk(vcpu: number): void {
    this.core.modes.expect(vcpu, [READING_SHADOW_PAGE_TABLES], 'end a lockless walk on');
    this.core.modes.mode[vcpu] = OUTSIDE_GUEST;
  }

  // ---- local invalidation ----------------------------------------------------------------

  /** Local full flush of `vcpu` (e.g. `flush_tlb_current` on root load). */
  flushLocal(vcpu: number): number {
    this.core.modes.check(vcpu);
    const n = this.core.tlb(vcpu).flushAll();
    this.counters.invalidatedFlush += n;
    this.counters.localFlushes++;
    this.counters.cycles += this.costs.invept;
    return n;
  }

  /** Local single-gfn invalidation on `vcpu`: drops its translations of `gfn` at every level. */
  invalidateGfn(vcpu: number, gfn: number): number {
    this.core.modes.check(vcpu);
    checkGfnRange(gfn, 1);
    const n = this.core.tlb(vcpu).invalidateGfn(gfn);
    this.counters.invalidatedGfn += n;
    this.counters.cycles += this.costs.invvpid;
    return n;
  }

  /** Local range invalidation on `vcpu`: drops translations overlapping [gfn, gfn + count). */
  invalidateRange(vcpu: number, gfn: number, count: number): number {
    this.core.modes.check(vcpu);
    checkGfnRange(gfn, count);
    const n = this.core.tlb(vcpu).invalidateRange(gfn, count);
    this.counters.invalidatedRange += n;
    this.counters.cycles += this.costs.invvpid;
    return n;
  }

  // ---- remote flushes (TlbShootdown port, spec §6.4) --------------------------------------

  flushRemoteAll(): ShootdownResult {
    return this.shootdown.flushAll();
  }

  flushRemoteRange(gfn: number, count: number): ShootdownResult {
    checkGfnRange(gfn, count);
    return this.shootdown.flushRange(gfn, count);
  }

  flushVcpus(vcpus: readonly number[]): ShootdownResult {
    return this.shootdown.flushVcpus(vcpus);
  }

  requestFlushAtNextEntry(): void {
    this.shootdown.requestAtNextEntry();
  }

  /** `kvm_vcpu_kick`: IPI a vCPU in guest mode so it exits (drains PML) and re-enters. */
  /** `kvm_arch_sync_dirty_log` with PML: kicks every vCPU (TlbShootdown); the IPIs sent. */
  kickAll(): number {
    let ipis = 0;
    for (let v = 0; v < this.vcpus; v++) ipis += this.kick(v);
    return ipis;
  }

  reloadRoots(): ShootdownResult {
    const ipis = this.kickAll();
    for (let v = 0; v < this.vcpus; v++) this.flushLocal(v);
    return { ipis, requested: this.vcpus };
  }

  kick(vcpu: number): number {
    return this.shootdown.kick(vcpu);
  }

  // ---- PML ---------------------------------------------------------------------------------

  /** Called with each drained PML buffer (KVM marks the gfns dirty). Must not change SPTEs. */
  get onPmlDrain(): PmlDrainHook | null {
    return this.core.onPmlDrain;
  }
  set onPmlDrain(hook: PmlDrainHook | null) {
    this.core.onPmlDrain = hook;
  }

  /** gfns logged on `vcpu` and not yet drained. */
  pmlPending(vcpu: number): number {
    this.core.modes.check(vcpu);
    return this.core.pml === null ? 0 : this.core.pml.pending(vcpu);
  }

  /**
   * Writes `vcpu`'s undrained PML entries, count first, into `out` at `n` (room for
   * 1 + PML_LOG_ENTRIES words) and returns the new `n`: part of the explorer's state identity.
   */
  writePmlIdentity(vcpu: number, out: Int32Array, n: number): number {
    if (this.core.pml === null) {
      out[n] = 0;
      return n + 1;
    }
    return this.core.pml.writeIdentity(vcpu, out, n);
  }

  // ---- inspection and costs ----------------------------------------------------------------

  /** Translations cached on `vcpu`. */
  size(vcpu: number): number {
    this.core.modes.check(vcpu);
    return this.core.tlb(vcpu).size();
  }

  /** The translations cached on `vcpu` (allocates; for debugging, tests and traces). */
  entries(vcpu: number): TlbEntrySnapshot[] {
    this.core.modes.check(vcpu);
    const out: TlbEntrySnapshot[] = [];
    this.core.tlb(vcpu).forEach((key, perms, basePfn) => {
      const ad = (perms & ENTRY_AD) !== 0;
      out.push({
        gfn: keyFirstGfn(key),
        level: keyLevel(key),
        pfn: basePfn,
        readable: (perms & PERM_R) !== 0,
        writable: (perms & PERM_W) !== 0,
        executable: (perms & PERM_X) !== 0,
        dirty: ad && (perms & ENTRY_D) !== 0,
        adEnabled: ad,
      });
    });
    out.sort((a, b) => a.gfn - b.gfn || a.level - b.level);
    return out;
  }

  /**
   * `entries(vcpu)` without allocating, in no particular order: `flags` packs readable,
   * writable, executable, dirty and adEnabled as bits 0–4 (the explorer's state hash).
   */
  forEachEntry(
    vcpu: number,
    visit: (gfn: number, level: number, pfn: number, flags: number) => void,
  ): void {
    this.core.modes.check(vcpu);
    this.core.tlb(vcpu).forEach((key, perms, basePfn) => {
      const ad = perms & ENTRY_AD;
      const flags = (perms & (PERM_R | PERM_W | PERM_X)) | ad | (ad ? perms & ENTRY_D : 0);
      visit(keyFirstGfn(key), keyLevel(key), basePfn, flags);
    });
  }

  /**
   * vCPU modes, pending flush requests, every vCPU's entries and PML buffers, for the
   * explorer's snapshots (adversarial retention: the realistic TLBs cannot be saved). Counters
   * are left out, as are the `last*` details, which are read right after each access.
   */
  saveState(out: StateBuffer): void {
    const core = this.core;
    out.writeUint8s(core.modes.mode);
    out.writeUint8s(core.modes.flushRequested);
    for (const tlb of core.tlbs) {
      if (!tlb.saveState) throw new Error('saveState: only adversarial retention can be saved');
      tlb.saveState(out);
    }
    core.pml?.saveState(out);
  }

  loadState(src: StateBuffer): void {
    const core = this.core;
    src.readUint8s(core.modes.mode);
    src.readUint8s(core.modes.flushRequested);
    for (const tlb of core.tlbs) tlb.loadState!(src);
    core.pml?.loadState(src);
  }

  /** Adds cycles the caller modelled (e.g. KVM's fault handling: `costs.fastFault`). */
  chargeCycles(cycles: number): void {
    this.counters.cycles += cycles;
  }
}

export type TlbModelFactory = (options: TlbModelOptions, walker: SpteWalkPort) => TlbModel;

export const createTlbModel: TlbModelFactory = (options, walker) => new TlbModel(options, walker);

function checkGfnRange(gfn: number, count: number): void {
  if (!Number.isInteger(gfn) || gfn < 0 || gfn > 0xffffffff) {
    throw new RangeError(`gfn ${gfn} is not an integer in [0, 2^32)`);
  }
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`gfn count ${count} is not a positive integer`);
  }
}
