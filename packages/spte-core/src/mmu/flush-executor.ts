import type {
  FlushDecision,
  FlushRequest,
  FlushScope,
  OperationName,
} from '../ports/flush-policy.js';
import type { TlbShootdown } from '../ports/tlb-shootdown.js';
import type { KvmStats } from './kvm-stats.js';
import type { MmuEvents } from './mmu-events.js';

/** Flushes an operation has been asked to do later: at its lock release or at its return. */
export class PendingFlushes {
  readonly unlock: FlushScope[] = [];
  readonly return: FlushScope[] = [];

  clear(): void {
    this.unlock.length = 0;
    this.return.length = 0;
  }
}

/**
 * Carries out a policy's flush decisions (spec §6.4). A VM-wide flush is one
 * `kvm_flush_remote_tlbs()`: `remote_tlb_flush_requests` counts every call and
 * `remote_tlb_flush` those that sent at least one IPI (spec §7). Deferred requests of one
 * operation are coalesced: one flush per scope at the lock release or return.
 */
export class FlushExecutor {
  ipis = 0;

  constructor(
    private readonly shootdown: TlbShootdown,
    private readonly stats: KvmStats,
    private readonly events: MmuEvents,
  ) {}

  apply(decision: FlushDecision, pending: PendingFlushes, actor: number, op: OperationName): void {
    if (decision == null) return;
    if (Array.isArray(decision)) {
      for (const request of decision) this.applyOne(request, pending, actor, op);
    } else {
      this.applyOne(decision as FlushRequest, pending, actor, op);
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
    const all = list.some((s) => s.kind === 'all');
    if (all) this.execute({ kind: 'all' }, actor, op);
    else for (const scope of list) this.execute(scope, actor, op);
    list.length = 0;
  }

  /**
   * Every vCPU loads a new root and flushes its TLB locally (`kvm_mmu_load`); those in guest
   * mode are kicked and waited for. Not a remote TLB flush in KVM's stats (spec §3.8, §7).
   */
  reloadRoots(actor: number, op: OperationName): void {
    const result = this.shootdown.flushRemoteAll();
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
  ): void {
    switch (request.timing) {
      case 'now':
        this.execute(request.scope, actor, op);
        return;
      case 'before-unlock':
        pending.unlock.push(request.scope);
        return;
      case 'before-return':
        pending.return.push(request.scope);
        return;
      case 'next-entry':
        this.shootdown.requestFlushAtNextEntry();
        this.events.flushed(actor, op, 'next-entry', { ipis: 0, requested: 0 });
        return;
    }
  }

  private execute(scope: FlushScope, actor: number, op: OperationName): void {
    let result;
    if (scope.kind === 'all') {
      this.stats.remote_tlb_flush_requests++;
      result = this.shootdown.flushRemoteAll();
      if (result.ipis > 0) this.stats.remote_tlb_flush++;
    } else if (scope.kind === 'range') {
      this.stats.remote_tlb_flush_ranges++;
      result = this.shootdown.flushRemoteRange(scope.gfn, scope.count);
    } else {
      result = this.shootdown.flushVcpus(scope.vcpus);
    }
    this.ipis += result.ipis;
    this.events.flushed(actor, op, scope.kind, result);
  }
}
