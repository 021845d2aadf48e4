import {
  AccountShadowedOp,
  AgeGfnRangeOp,
  ClearDirtyLogOp,
  DisableDirtyLoggingOp,
  EnableDirtyLoggingOp,
  GetDirtyLogOp,
  InvalidateRangeOp,
  ResetDirtyRingsOp,
  type KvmVm,
  type Operation,
  SyncUnsyncOp,
  WriteTrackOp,
  ZapAllFastOp,
} from '@spte-lab/spte-core';
import type { WorkloadEvent } from '@spte-lab/workload-gen';
import type { RunEvents } from './run-events.js';

/**
 * The KVM operation a workload event starts (every event but guest accesses and the final
 * harvest, which the run handles itself), wired to the oracle's return hooks. `null` means the
 * event changes nothing in this VM (GET_DIRTY_LOG with manual protect only copies the bitmap).
 */
export function operationForEvent(
  vm: KvmVm,
  events: RunEvents,
  event: WorkloadEvent,
): Operation | null {
  const protectionReturned = (gfn: number) => events.protectionReturned(gfn, vm.memslot);
  switch (event.type) {
    case 'enable_dirty_logging':
      return new EnableDirtyLoggingOp(vm);
    case 'disable_dirty_logging':
      return new DisableDirtyLoggingOp(vm);
    case 'zap_gfn_range':
      return new InvalidateRangeOp(vm, event.gfn, event.count, 'zap_gfn_range');
    case 'zap_all_fast':
      return new ZapAllFastOp(vm);
    case 'get_dirty_log':
      // spec §4.4: with manual protect GET_DIRTY_LOG copies the live bitmap and nothing else;
      // spec §4.5: with dirty rings on x86 it fails with -ENXIO.
      return vm.memslot.manualProtect || vm.memslot.dirtyRing ? null : new GetDirtyLogOp(vm);
    case 'harvest_dirty_rings':
      return vm.memslot.dirtyRing ? new ResetDirtyRingsOp(vm) : null;
    case 'clear_dirty_log':
      return new ClearDirtyLogOp(vm, event.first, event.count);
    case 'write_track_add':
    case 'write_track_remove':
      return new WriteTrackOp(vm, event.gfn, event.type === 'write_track_add', protectionReturned);
    case 'shadow_page_table':
      return new AccountShadowedOp(vm, event.vcpu, event.gfn, event.level, protectionReturned);
    case 'guest_tlb_flush':
      return new SyncUnsyncOp(vm, event.vcpu, (gfns) => gfns.forEach(protectionReturned));
    case 'invalidate_range':
      return new InvalidateRangeOp(vm, event.gfn, event.count);
    case 'clear_young':
    case 'clear_flush_young':
    case 'test_young':
      return new AgeGfnRangeOp(vm, event.type, event.gfn, event.count);
    case 'access':
    case 'guest_pte_write':
    case 'guest_invlpg':
    case 'guest_table_reuse':
    case 'prefetch_fault':
    case 'final_harvest':
      throw new Error(`operationForEvent: '${event.type}' is handled by the run itself`);
  }
}
