import { FLUSH_ALL_NOW, type FlushPolicy } from '@spte-lab/spte-core';
import { kvmV6_13 } from './kvm-v6.13.js';

/**
 * Deliberately wrong, to show the unmap oracle at the mmu_notifier contract's point (spec §3.8,
 * §12.12): v6.13, except that an MMU-notifier invalidation's zap is flushed late — not before
 * `__kvm_handle_hva_range` drops `mmu_lock` in `kvm_mmu_notifier_invalidate_range_start`, but
 * before the unlock of `kvm_mmu_notifier_invalidate_range_end`. Faults still retry until the end
 * (`mmu_invalidate_retry_gfn`), so no new mapping of the old pfn appears; but a TLB entry made
 * before the zap survives `invalidate_range_start`'s return, after which the host unmaps and
 * reuses the page, and a vCPU keeps reaching the old pfn through it until the end's flush.
 * `kvm_zap_gfn_range` and the fault path's zaps keep the kernel's flush.
 * Expected verdict: unsafe in `host-reclaim`, `mixed`, `shadow-mmu-initially-set` (the last as
 * v6.13 itself; the first two are unmap violations, which the explorer finds with
 * `check --scenario host-reclaim`; its default configuration has no invalidation).
 */
export const lateInvalidateFlush: FlushPolicy = {
  ...kvmV6_13,
  name: 'late-invalidate-flush',
  description:
    'deliberately wrong: v6.13, but an MMU-notifier zap is flushed at invalidate_range_end, after invalidate_range_start returned',
  onLeafChange(change) {
    if (change.site === 'zap' && change.operation === 'invalidate_range') return null;
    return kvmV6_13.onLeafChange!(change);
  },
  onFlushPoint(point) {
    if (point.lockSite === 'kvm_mmu_notifier_invalidate_range_end')
      return point.summary.zapped > 0 ? FLUSH_ALL_NOW : null;
    return kvmV6_13.onFlushPoint!(point);
  },
};
