import { builtInPolicies, definePolicy } from '@spte-lab/flush-policies';
import type { FlushPoint, OperationName } from '@spte-lab/spte-core';

const kernel = builtInPolicies['kvm-v6.13'];

/** The ioctls that write-protect under `mmu_lock` and flush only after dropping it (spec §4). */
const AFTER_UNLOCK: ReadonlySet<OperationName> = new Set([
  'enable_dirty_logging',
  'get_dirty_log',
  'clear_dirty_log',
  'reset_dirty_rings',
]);

/** Would Linux v6.13 flush this ioctl when it returns? Asked of the built-in itself. */
function kernelFlushesOnReturn(point: FlushPoint): boolean {
  return kernel.onFlushPoint?.({ ...point, kind: 'ioctl-return' }) != null;
}

/**
 * flush-on-unlock: Linux v6.13's decisions, except that the dirty-log ioctls (enabling
 * logging, GET_DIRTY_LOG, CLEAR_DIRTY_LOG, RESET_DIRTY_RINGS) flush just before they release
 * `mmu_lock` instead of after it, once they return. KVM flushes after the unlock to keep the
 * lock hold short; this asks what that costs in safety. While the lock is dropped and the flush
 * not yet done, vCPUs may still write through stale writable entries, but those writes land
 * before the ioctl returns, so the VMM's copy of the harvested pages still sees them: moving
 * the flush is safe. It is not free: RESET_DIRTY_RINGS takes and drops the lock once per
 * vCPU ring, so it flushes once per ring instead of once per ioctl.
 * Expected verdict: safe.
 */
export default definePolicy({
  name: 'flush-on-unlock',
  description:
    "kvm-v6.13's flushes, with the dirty-log ioctls' flush made before mmu_lock is released instead of after",
  kernel: 'v6.13',
  onLeafChange: (change) => kernel.onLeafChange?.(change),
  onFlushPoint(point) {
    if (!AFTER_UNLOCK.has(point.operation)) return kernel.onFlushPoint?.(point);
    if (point.kind === 'lock-release' && kernelFlushesOnReturn(point)) {
      return { scope: 'all', timing: 'now' };
    }
    return point.kind === 'ioctl-return' ? null : kernel.onFlushPoint?.(point);
  },
});
