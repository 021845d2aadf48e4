import type { ShootdownResult } from '@spte-lab/spte-core';
import type { TlbCore } from './tlb-core.js';
import { IN_GUEST, OUTSIDE_GUEST, READING_SHADOW_PAGE_TABLES } from './vcpu-modes.js';

/**
 * Flush execution on the vCPUs (spec §6.4, `kvm_make_all_cpus_request(KVM_REQ_TLB_FLUSH)`):
 * the request bit is set on every target vCPU; each vCPU in guest mode (or reading shadow page
 * tables) gets an IPI and the initiator waits for it. Modelled synchronously: an IPI'd vCPU in
 * guest mode exits, services the request and re-enters before the call returns, so afterwards no
 * vCPU runs guest code with pre-flush TLB contents. vCPUs outside guest mode or blocked keep the
 * request and service it at their next `enterGuest`; blocked vCPUs are not woken.
 */
export class Shootdown {
  constructor(private readonly core: TlbCore) {}

  /** `kvm_flush_remote_tlbs()`: every vCPU. */
  flushAll(): ShootdownResult {
    let ipis = 0;
    for (let v = 0; v < this.core.modes.count; v++) ipis += this.request(v);
    return this.finish(ipis, this.core.modes.count);
  }

  /** `kvm_make_vcpus_request_mask`: only the listed vCPUs (duplicates count once). */
  flushVcpus(vcpus: readonly number[]): ShootdownResult {
    for (const v of vcpus) this.core.modes.check(v);
    const targets = [...new Set(vcpus)];
    let ipis = 0;
    for (const v of targets) ipis += this.request(v);
    return this.finish(ipis, targets.length);
  }

  /**
   * A range flush (the Hyper-V enlightened hook; on bare metal KVM uses flushAll instead):
   * drops only translations overlapping [gfn, gfn + count) on every vCPU. vCPUs in guest mode
   * are IPI'd as for a full flush. For the others the entries are dropped at once, which is
   * indistinguishable from dropping them at the next entry since they access nothing meanwhile.
   */
  flushRange(gfn: number, count: number): ShootdownResult {
    const core = this.core;
    const costs = core.costs;
    let ipis = 0;
    for (let v = 0; v < core.modes.count; v++) {
      const mode = core.modes.mode[v];
      const inGuest = mode === IN_GUEST;
      if (inGuest || mode === READING_SHADOW_PAGE_TABLES) ipis++;
      if (inGuest) core.exit(v, OUTSIDE_GUEST);
      core.counters.invalidatedRange += core.tlb(v).invalidateRange(gfn, count);
      core.counters.cycles += costs.invvpid;
      if (inGuest) core.enter(v, true);
    }
    return this.finish(ipis, core.modes.count);
  }

  /** A lazy flush: every vCPU flushes at its next VM entry; no IPI, nobody waits. */
  requestAtNextEntry(): void {
    this.core.counters.lazyFlushRequests++;
    this.core.modes.flushRequested.fill(1);
  }

  /**
   * `kvm_vcpu_kick`: an IPI that makes a vCPU in guest mode exit and re-enter (draining PML and
   * servicing pending requests on the way). Returns the IPIs sent (0 or 1).
   */
  kick(vcpu: number): number {
    this.core.modes.check(vcpu);
    if (this.core.modes.mode[vcpu] !== IN_GUEST) return 0;
    this.core.exit(vcpu, OUTSIDE_GUEST);
    this.core.enter(vcpu, true);
    this.chargeSender(1);
    this.core.counters.ipis++;
    return 1;
  }

  /** Sets the request on `vcpu`; returns 1 if an IPI was sent. */
  private request(vcpu: number): number {
    const core = this.core;
    core.modes.flushRequested[vcpu] = 1;
    const mode = core.modes.mode[vcpu];
    if (mode === IN_GUEST) {
      core.exit(vcpu, OUTSIDE_GUEST);
      core.enter(vcpu, true);
      return 1;
    }
    // A lockless walker is IPI'd (the initiator waits for it) but has no guest TLB in use;
    // it services the request when it next enters the guest.
    return mode === READING_SHADOW_PAGE_TABLES ? 1 : 0;
  }

  private finish(ipis: number, requested: number): ShootdownResult {
    this.core.counters.remoteFlushes++;
    this.core.counters.ipis += ipis;
    this.chargeSender(ipis);
    return { ipis, requested };
  }

  /** Initiator side: one round trip, plus the per-receiver cost of every further target. */
  private chargeSender(ipis: number): void {
    if (ipis === 0) return;
    const costs = this.core.costs;
    this.core.counters.cycles += costs.ipiRoundTrip + (ipis - 1) * costs.ipiPerReceiver;
  }
}
