/**
 * What a workload asks the simulated VM to do. Each event belongs to one actor: a vCPU
 * (guest accesses), the VMM (ioctls), the host MM (notifiers, aging) or an external tracker.
 */
export type AccessType = 'read' | 'write' | 'exec';

export interface GuestAccess {
  readonly type: 'access';
  readonly vcpu: number;
  readonly gfn: number;
  readonly access: AccessType;
}

/** VMM ioctls of a live migration (spec §4). */
export interface VmmOperation {
  readonly type: 'enable_dirty_logging' | 'get_dirty_log' | 'final_harvest';
}

export type WorkloadEvent = GuestAccess | VmmOperation;

export type ActorKind = 'vcpu' | 'vmm';

export function actorOf(event: WorkloadEvent): { kind: ActorKind; index: number } {
  return event.type === 'access' ? { kind: 'vcpu', index: event.vcpu } : { kind: 'vmm', index: 0 };
}
