export * from './vm-config.js';
export * from './actors.js';
export * from './spte-ops.js';
export { SpteStore, levelShift } from './spte-store.js';
export { StateBuffer } from './state-buffer.js';
export { Memslot } from './memslot.js';
export { MmuInvalidate } from './mmu-invalidate.js';
export { MmuLock, LOCK_NONE, LOCK_READ, LOCK_WRITE, type LockMode } from './mmu-lock.js';
export { KvmStats } from './kvm-stats.js';
export type { MmuEvents } from './mmu-events.js';
export { NO_MMU_EVENTS } from './mmu-events.js';
export { PolicyAdapter, PolicyError } from './policy-adapter.js';
export { KvmVm, OperationSummary, type ModelErrorSink } from './kvm-vm.js';
export { type Operation, STEP_RUNNING, STEP_DONE, STEP_BLOCKED } from './operations/operation.js';
export { PageFaultOp, type PrefetchFault } from './operations/page-fault.js';
export { InvlpgOp } from './operations/invlpg.js';
export { TrackWriteOp } from './operations/track-write.js';
export { UnprotectOp } from './operations/unprotect.js';
export {
  GuestPageTables,
  GPTE_DEFAULT,
  GPTE_DIRTY,
  GPTE_PRESENT,
  NO_TABLE,
} from './guest-page-tables.js';
export { flushSiteOfLeafChange, flushSiteOfPoint } from './flush-sites.js';
export { EnableDirtyLoggingOp } from './operations/enable-dirty-logging.js';
export { GetDirtyLogOp } from './operations/get-dirty-log.js';
export { bindSpteOps } from './bind-spte-ops.js';
export { WriteTrackOp } from './operations/write-track.js';
export { ClearDirtyLogOp } from './operations/clear-dirty-log.js';
export { AccountShadowedOp } from './operations/account-shadowed.js';
export { KVM_PAGE_ARRAY_NR, SyncUnsyncOp } from './operations/sync-unsync.js';
export { AgeGfnRangeOp, type AgingKind } from './operations/age-gfn-range.js';
export { InvalidateRangeOp } from './operations/invalidate-range.js';
export { FlushExecutor, PendingFlushes } from './flush-executor.js';
export { DirtyRing } from './dirty-ring.js';
export { ResetDirtyRingsOp } from './operations/reset-dirty-rings.js';
export { DisableDirtyLoggingOp } from './operations/disable-dirty-logging.js';
export { ZapAllFastOp } from './operations/zap-all-fast.js';
