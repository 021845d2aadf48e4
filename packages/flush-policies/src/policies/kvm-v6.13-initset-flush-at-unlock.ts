import { FLUSH_ALL_NOW, type FlushPolicy } from '@spte-lab/spte-core';
import { kvmV6_13 } from './kvm-v6.13.js';

/**
 * Fix placement (a) for the initially-set race, the tempting one (spec §12.14): the generic
 * `kvm_clear_dirty_log_protect` moves its memslot flush from after `KVM_MMU_UNLOCK` to just
 * before it. Same number of flushes as v6.13. Expected verdict: safe in every preset's simulated
 * default configuration, but not a fix: `check --scenario write-track-initially-set
 * --eager-split fails --clear-pages 128` finds a counterexample — the x86 hook's eager split
 * for a later word drops `mmu_lock` after an earlier word's 2M write-protect cleared MW, and a
 * write-tracker runs in that gap; the dirty-ring reset path (`kvm_reset_dirty_gfn`) is not
 * covered at all.
 */
export const kvmV6_13InitsetFlushAtUnlock: FlushPolicy = {
  ...kvmV6_13,
  name: 'kvm-v6.13-initset-flush-at-unlock',
  description:
    'v6.13, but CLEAR_DIRTY_LOG flushes just before its final unlock (generic code), not after',
  onFlushPoint(point) {
    if (point.operation === 'clear_dirty_log') {
      // The flush moved: under the lock at kvm_clear_dirty_log_protect's own unlock, if any
      // bit was cleared; none after the unlock. The split's lock drops are not this site.
      if (point.kind === 'lock-release' && point.lockSite === 'kvm_clear_dirty_log_protect')
        return point.summary.reaped > 0 ? FLUSH_ALL_NOW : null;
      if (point.kind === 'ioctl-return') return null;
    }
    return kvmV6_13.onFlushPoint!(point);
  },
};
