/**
 * What a workload asks the simulated VM to do. Each event belongs to one actor: a vCPU
 * (guest accesses, guest page-table use, guest TLB flushes), the VMM (dirty-log ioctls), the
 * host MM (MMU notifiers, aging) or an external write-tracker (KVMGT-like).
 */
export type AccessType = 'read' | 'write' | 'exec';

export interface GuestAccess {
  readonly type: 'access';
  readonly vcpu: number;
  readonly gfn: number;
  readonly access: AccessType;
}

/** The guest starts using `gfn` as a page table of `level`; KVM shadows it (spec §3.10). */
export interface ShadowPageTable {
  readonly type: 'shadow_page_table';
  readonly vcpu: number;
  readonly gfn: number;
  readonly level: number;
}

/** The guest flushes its TLB (e.g. MOV CR3): KVM syncs unsync shadow pages (spec §3.10). */
export interface GuestTlbFlush {
  readonly type: 'guest_tlb_flush';
  readonly vcpu: number;
}

/**
 * The guest writes the PTE that maps `gfn` in its 4K-level page table `table` (shadow paging,
 * spec §3.10): `pte` lists the flags the new PTE has, a subset of 'pwuxd' (present, writable,
 * user, executable, dirty). The write is a guest write to `table`: direct while its shadow page
 * is unsync, emulated (`kvm_mmu_track_write`) while it is write-protected.
 */
export interface GuestPteWrite {
  readonly type: 'guest_pte_write';
  readonly vcpu: number;
  readonly table: number;
  readonly gfn: number;
  readonly pte: string;
}

/** The guest invalidates one translation (INVLPG of the address mapping `gfn`, spec §3.10). */
export interface GuestInvlpg {
  readonly type: 'guest_invlpg';
  readonly vcpu: number;
  readonly gfn: number;
}

/**
 * The guest stops using `gfn` as a page table and clears it with an instruction that does not
 * write page tables (`rep stos`): KVM unprotects the gfn and retries (spec §12.4).
 */
export interface GuestTableReuse {
  readonly type: 'guest_table_reuse';
  readonly vcpu: number;
  readonly gfn: number;
}

/**
 * A prefetch fault on a vCPU (spec §3.4, §12.3): `pre-fault` is the VMM's
 * `KVM_PRE_FAULT_MEMORY` (TDP only), `async-pf` the completion of an async page fault
 * (`kvm_arch_async_page_ready`). Neither overwrites a present SPTE since v6.13.
 */
export interface PrefetchFaultEvent {
  readonly type: 'prefetch_fault';
  readonly vcpu: number;
  readonly gfn: number;
  readonly source: 'pre-fault' | 'async-pf';
}

/**
 * VMM ioctls of a live migration (spec §4). `harvest_dirty_rings` reads every ring and calls
 * KVM_RESET_DIRTY_RINGS; `final_harvest` pauses the guest first.
 */
export interface VmmOperation {
  readonly type:
    | 'enable_dirty_logging'
    | 'disable_dirty_logging'
    | 'get_dirty_log'
    | 'harvest_dirty_rings'
    | 'final_harvest'
    | 'zap_all_fast';
}

/** `kvm_zap_gfn_range` (MTRR, CR0.CD, APICv changes; spec §3.8). */
export interface ZapGfnRange {
  readonly type: 'zap_gfn_range';
  readonly gfn: number;
  readonly count: number;
}

/** KVM_CLEAR_DIRTY_LOG of [first, first + count) (spec §4.4); `first` is 64-aligned. */
export interface ClearDirtyLog {
  readonly type: 'clear_dirty_log';
  readonly first: number;
  readonly count: number;
}

/** An external tracker write-tracks or untracks a gfn (spec §5). */
export interface WriteTrack {
  readonly type: 'write_track_add' | 'write_track_remove';
  readonly gfn: number;
}

/** The host MM invalidates or ages a gfn range (spec §3.7, §3.8). */
export interface HostMmOperation {
  readonly type: 'invalidate_range' | 'clear_young' | 'clear_flush_young' | 'test_young';
  readonly gfn: number;
  readonly count: number;
}

export type WorkloadEvent =
  | GuestAccess
  | ShadowPageTable
  | GuestTlbFlush
  | GuestPteWrite
  | GuestInvlpg
  | GuestTableReuse
  | PrefetchFaultEvent
  | VmmOperation
  | ClearDirtyLog
  | ZapGfnRange
  | WriteTrack
  | HostMmOperation;

export type ActorKind = 'vcpu' | 'vmm' | 'host-mm' | 'tracker';

/** The kind of actor that runs an event (allocation-free: the simulator asks once per event). */
export function actorKindOf(event: WorkloadEvent): ActorKind {
  switch (event.type) {
    case 'access':
    case 'shadow_page_table':
    case 'guest_tlb_flush':
    case 'guest_pte_write':
    case 'guest_invlpg':
    case 'guest_table_reuse':
    case 'prefetch_fault':
      return 'vcpu';
    case 'write_track_add':
    case 'write_track_remove':
      return 'tracker';
    case 'invalidate_range':
    case 'clear_young':
    case 'clear_flush_young':
    case 'test_young':
      return 'host-mm';
    default:
      return 'vmm';
  }
}

/** The actor an event belongs to; `index` is the vCPU number for vCPU events, else 0. */
export function actorOf(event: WorkloadEvent): { kind: ActorKind; index: number } {
  const kind = actorKindOf(event);
  return { kind, index: kind === 'vcpu' ? (event as { vcpu: number }).vcpu : 0 };
}
