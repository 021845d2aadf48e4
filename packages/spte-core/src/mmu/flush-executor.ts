import type {
  FlushDecision,
  FlushRequest,
  FlushScope,
  OperationName,
} from '../ports/flush-policy.js';
import type { TlbShootdown } from '../ports/tlb-shootdown.js';
import type { KvmStats } from './kvm-stats.js';
import type { MmuEvents } from './mmu-events.js';

const FLUSH_ALL: FlushScope = Object.freeze({ kind: 'all' as const });

/**
 * Flushes an operation has been asked to do later: at its lock release or at its return, each
 * with the kernel function that asked for it (`flush-sites.ts`).
 */
export class PendingFlushes {
  readonly unlock: FlushScope[] = [];
  readonly return: FlushScope[] = [];
  readonly unlockSites: string[] = [];
  readonly returnSites: string[] = [];

  clear(): void {
    this.unlock.length = 0;
    this.return.length = 0;
    this.unlockSites.length = 0;
    this.returnSites.length = 0;
  }
}

/**
 * Carries out a policy's flush decisions (spec §6.4). A VM-wide flush is one
 * `kvm_flush_remote_tlbs()`: `remote_tlb_flush_requests` counts every call and
 * `remote_tlb_flush` those that sent at least one IPI (spec §7). Deferred requests of one
 * operation are coalesced: one flush per scope at the lock release or return. Every VM-wide
 * flush is charged to the kernel function that requested it (`KvmStats.flushesBySite`); a
 * coalesced one to the latest request, the one whose flush the kernel would be issuing.
 */
export class FlushExecutor {
  ipis = 0;

  constructor(
    private readonly shootdown: TlbShootdown,
    private readonly stats: KvmStats,
    private readonly events: MmuEvents,
  ) {}

  apply(
    decision: FlushDecision,
    pending: PendingFlushes,
    actor: number,
    op: OperationName,
    site: string,
  ): void {
    if (decision == null) return;
    if (Array.isArray(decision)) {
      for (const request of decision) this.applyOne(request, pending, actor, op, site);
    } else {
      this.applyOne(decision as FlushRequest, pending, actor, op, site);
    }
  }

  /** Runs the flushes deferred to `kind` ('unlock' or 'return'), once per distinct scope. */
  drain(
    pending: PendingFlushes,
    kind: 'unlock' | 'return',
    actor: number,
    op: OperationName,
  ): void {
    const list = pending[kind];
    if (list.length === 0) return;
    const sites = kind === 'unlock' ? pending.unlockSites : pending.returnSites;
    let all = -1;
    for (let i = 0; i < list.length; i++) if (list[i]!.kind === 'all') all = i;
    if (all >= 0) this.execute(FLUSH_ALL, actor, op, sites[all]!);
    else for (let i = 0; i < list.length; i++) this.execute(list[i]!, actor, op, sites[i]!);
    list.length = 0;
    sites.length = 0;
  }

  /**
   * Every vCPU loads a new root and flushes its TLB locally (`kvm_mmu_load`); those in guest
   * mode are kicked and waited for. Not a remote TLB flush in KVM's stats (spec §3.8, §7).
   */
  reloadRoots(actor: number, op: OperationName): void {
    const result = this.shootdown.reloadRoots();
    this.ipis += result.ipis;
    this.events.flushed(actor, op, 'root reload', result);
  }

  /** `kvm_arch_sync_dirty_log` with PML: every vCPU in guest mode exits, drains PML, re-enters. */
  kickAll(actor: number, op: OperationName): void {
    const ipis = this.shootdown.kickAll();
    this.ipis += ipis;
    this.events.flushed(actor, op, 'PML drain kick', { ipis, requested: 0 });
  }

  private applyOne(
    request: FlushRequest,
    pending: PendingFlushes,
    actor: number,
    op: OperationName,
    site: string,
  ): void {
    switch (request.timing) {
      case 'now':
        this.execute(request.scope, actor, op, site);
        return;
      case 'before-unlock':
        pending.unlock.push(request.scope);
        pending.unlockSites.push(site);
        return;
      case 'before-return':
        pending.return.push(request.scope);
        pending.returnSites.push(site);
        return;
      case 'next-entry':
        this.shootdown.requestFlushAtNextEntry();
        this.events.flushed(actor, op, 'next-entry', { ipis: 0, requested: 0 });
        return;
    }
  }

  private execute(scope: FlushScope, actor: number, op: OperationName, site: string): void {
    let result;
    if (scope.kind === 'all') {
      this.stats.remote_tlb_flush_requests++;
      this.stats.countFlush(site);
      result = this.shootdown.flushRemoteAll();
      if (result.ipis > 0) this.stats.remote_tlb_flush++;
    } else if (scope.kind === 'range') {
      this.stats.remote_tlb_flush_ranges++;
      this.stats.countRangeFlush(site);
      result = this.shootdown.flushRemoteRange(scope.gfn, scope.count);
    } else {
      result = this.shootdown.flushVcpus(scope.vcpus);
    }
    this.ipis += result.ipis;
    this.events.flushed(actor, op, scope.kind, result);
  }
}
