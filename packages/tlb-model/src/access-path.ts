import { emptyWalkResult } from '@spte-lab/spte-core';
import type { WalkResult } from '@spte-lab/spte-core';
import {
  FAULT,
  FILL,
  HIT,
  STALE_EXCEEDING,
  STALE_FRESH,
  STALE_HARMLESS,
  STALE_UNCHECKED,
  WRITE,
} from './codes.js';
import type { StaleClass } from './codes.js';
import { type ChangeStamps, changeStampsOf } from './change-stamps.js';
import { ENTRY_AD, ENTRY_D, PERM_R, PERM_W, PERM_X, levelOffsetMask } from './tlb/entry-bits.js';
import type { TlbCounters } from './counters.js';
import type { VcpuTlb } from './tlb/vcpu-tlb.js';
import type { TlbCore } from './tlb-core.js';
import { IN_GUEST, MODE_NAMES, OUTSIDE_GUEST } from './vcpu-modes.js';

/**
 * One guest memory access on one vCPU (spec §6.1–§6.3):
 *  1. a cached entry with the permission completes the access (HIT);
 *  2. a write through an entry whose D is 0, filled from an A/D-enabled SPTE, re-walks to set D
 *     and faults if the SPTE is no longer writable (SDM 4.8, 28.2.4);
 *  3. a cached entry without the permission faults at once — the processor may use the stale
 *     entry (SDM 4.10.4.3: at most one spurious fault);
 *  4. a miss walks the SPTEs through SpteWalkPort; a present leaf that permits the access sets
 *     A (and D on a write) when A/D is enabled and fills an entry of the leaf's size; anything
 *     else faults and creates no entry (SDM 4.10.2.2, 28.3.1);
 *  5. every fault first drops this vCPU's entries for the faulting gfn (SDM 4.10.4.1,
 *     28.3.3.1) and then exits to KVM.
 * Details of the last access are left in plain fields, so nothing is allocated.
 */
export class AccessPath {
  /** Host pfn the last completed access used (HIT or FILL). */
  lastPfn = 0;
  /** Level of the entry that served it. */
  lastLevel = 0;
  /** Stale-hit class of the last HIT (STALE_UNCHECKED otherwise). */
  lastStale: StaleClass = STALE_UNCHECKED;
  /** The last FAULT came from a cached entry lacking the permission (no walk). */
  lastFaultFromTlb = false;

  private readonly walkOut: WalkResult = emptyWalkResult();
  private readonly checkOut: WalkResult = emptyWalkResult();
  // Hot-path copies of core state (the objects never change identity).
  private readonly modes: Uint8Array;
  private readonly tlbs: readonly VcpuTlb[];
  private readonly counters: TlbCounters;
  private readonly hitCost: number;
  private readonly stlbHitCost: number;
  /** The walker's SPTE change stamps, when classification is on and the walker has them. */
  private readonly stamps: ChangeStamps | null;

  constructor(
    private readonly core: TlbCore,
    private readonly classifyStaleHits: boolean,
    private readonly faultInvalidates = true,
  ) {
    this.modes = core.modes.mode;
    this.tlbs = core.tlbs;
    this.counters = core.counters;
    this.hitCost = core.costs.tlbHit;
    this.stlbHitCost = core.costs.stlbHit;
    this.stamps = classifyStaleHits ? changeStampsOf(core.walker) : null;
  }

  access(vcpu: number, gfn: number, kind: number): number {
    if (this.modes[vcpu] !== IN_GUEST) this.notInGuest(vcpu);
    const counters = this.counters;
    counters.accesses++;
    const tlb = this.tlbs[vcpu]!;
    if (!tlb.find(gfn, kind, true)) {
      counters.misses++;
      return this.walkAndFill(vcpu, gfn, kind, 0);
    }
    const perms = tlb.hitPerms;
    if ((perms & (1 << kind)) === 0) return this.fault(vcpu, gfn, true);
    if (kind === WRITE && (perms & (ENTRY_AD | ENTRY_D)) === ENTRY_AD) {
      counters.dirtyRewalks++;
      return this.walkAndFill(vcpu, gfn, kind, tlb.hitLevel);
    }
    counters.hits++;
    if (tlb.hitFromStlb) {
      counters.stlbHits++;
      counters.cycles += this.stlbHitCost;
    } else {
      counters.cycles += this.hitCost;
    }
    const level = tlb.hitLevel;
    const pfn = tlb.hitBasePfn + (gfn & levelOffsetMask(level));
    this.lastPfn = pfn;
    this.lastLevel = level;
    if (!this.classifyStaleHits) this.lastStale = STALE_UNCHECKED;
    else if (this.stamps !== null && !this.stamps.changedSince(gfn, level, tlb.hitStamp))
      // No SPTE the fill's walk read has been written since: a walk now gives the same entry.
      this.lastStale = STALE_FRESH;
    else this.lastStale = this.classify(gfn, kind, perms, level, pfn);
    return HIT;
  }

  /** Walks for `gfn`; `replaceLevel` > 0 when a D=0 entry of that level is being re-walked. */
  private walkAndFill(vcpu: number, gfn: number, kind: number, replaceLevel: number): number {
    const core = this.core;
    const counters = core.counters;
    const w = this.walkOut;
    core.walker.walk(gfn, w);
    counters.walks++;
    counters.cycles += core.walkCost;
    const permitted =
      w.level !== 0 && (kind === WRITE ? w.writable : kind === 0 ? w.readable : w.executable);
    if (!permitted) return this.fault(vcpu, gfn, false);

    let perms = (w.readable ? PERM_R : 0) | (w.writable ? PERM_W : 0) | (w.executable ? PERM_X : 0);
    if (w.adEnabled) {
      perms |= ENTRY_AD;
      if (kind === WRITE) {
        const pml = core.pml;
        if (!w.dirty && pml !== null) {
          // PML-full is a VM exit before the access (SDM 28.2.5): drain, re-enter, then log.
          if (pml.isFull(vcpu)) {
            counters.pmlFullExits++;
            core.exit(vcpu, OUTSIDE_GUEST);
            core.enter(vcpu, false);
          }
          pml.log(vcpu, gfn);
          counters.pmlLogged++;
        }
        perms |= ENTRY_D;
      } else if (w.dirty) {
        perms |= ENTRY_D;
      }
      core.walker.setAccessedDirty(gfn, kind === WRITE);
    }
    const tlb = core.tlbs[vcpu]!;
    if (replaceLevel !== 0) tlb.removeLevel(gfn, replaceLevel);
    // The stamp is taken after the A/D assist above, which is the fill's own write.
    const stamp = this.stamps === null ? 0 : this.stamps.changeClock;
    tlb.fill(gfn, kind, w.level, w.pfn - (gfn & levelOffsetMask(w.level)), perms, stamp);
    counters.fills++;
    this.lastPfn = w.pfn;
    this.lastLevel = w.level;
    this.lastStale = STALE_UNCHECKED;
    return FILL;
  }

  private fault(vcpu: number, gfn: number, fromTlb: boolean): number {
    const core = this.core;
    const counters = core.counters;
    // SDM 4.10.4.1 / 28.3.3.1: the fault invalidates this vCPU's translations of the address,
    // so it cannot recur once the SPTE allows the access (spec §6.3, patch 01 changelog).
    if (this.faultInvalidates) counters.invalidatedFault += core.tlbs[vcpu]!.invalidateGfn(gfn);
    counters.faults++;
    if (fromTlb) counters.faultsFromTlb++;
    this.lastFaultFromTlb = fromTlb;
    this.lastStale = STALE_UNCHECKED;
    core.exit(vcpu, OUTSIDE_GUEST);
    return FAULT;
  }

  /** Compares the entry that served a hit with the SPTE as it is now (an extra walk). */
  private classify(
    gfn: number,
    kind: number,
    perms: number,
    level: number,
    pfn: number,
  ): StaleClass {
    const c = this.checkOut;
    this.core.walker.walk(gfn, c);
    let result: StaleClass;
    if (c.level === 0 || c.pfn !== pfn) {
      result = STALE_EXCEEDING;
    } else {
      let now = (c.readable ? PERM_R : 0) | (c.writable ? PERM_W : 0) | (c.executable ? PERM_X : 0);
      if (c.adEnabled) now |= ENTRY_AD | (c.dirty ? ENTRY_D : 0);
      const cached = (perms & ENTRY_AD) !== 0 ? perms : perms & ~ENTRY_D;
      if (c.level === level && now === cached) {
        return STALE_FRESH;
      }
      const allows = kind === WRITE ? c.writable : kind === 0 ? c.readable : c.executable;
      // A write served by a D=1 entry while the SPTE has D=0 skipped the D update (and PML).
      const skippedDirty = kind === WRITE && c.adEnabled && !c.dirty;
      result = allows && !skippedDirty ? STALE_HARMLESS : STALE_EXCEEDING;
    }
    if (result === STALE_HARMLESS) this.core.counters.staleHarmless++;
    else this.core.counters.staleExceeding++;
    return result;
  }

  private notInGuest(vcpu: number): never {
    this.core.modes.check(vcpu);
    const mode = MODE_NAMES[this.core.modes.mode[vcpu]!];
    throw new Error(
      `guest access on vCPU ${vcpu} while it is ${mode}: accesses happen only in guest mode ` +
        `(simulator bug: call enterGuest first)`,
    );
  }
}
