import { FLUSH_ALL_BEFORE_UNLOCK, type FlushPolicy } from '@spte-lab/spte-core';
import { kvmV6_13 } from './kvm-v6.13.js';

/**
 * Candidate fix 1 for the initially-set CLEAR_DIRTY_LOG / write-tracking race (spec §10.1,
 * docs/findings/initially-set-write-track.md): v6.13, except that when the init-set path's
 * 2M write-protect changes a SPTE (clearing MW), remote TLBs are flushed before `mmu_lock` is
 * dropped — restoring the spte.h rule "clearing MW is always followed by a flush before the
 * lock is dropped". Expected verdict: safe, at the cost of at most one extra flush per
 * CLEAR_DIRTY_LOG call that write-protected a huge page.
 */
export const kvmV6_13InitsetFlush: FlushPolicy = {
  ...kvmV6_13,
  name: 'kvm-v6.13-initset-flush',
  description:
    'v6.13, plus a flush before unlock when init-set CLEAR_DIRTY_LOG clears MW on a 2M SPTE',
  onLeafChange(change) {
    if (change.site === 'init_set_huge_write_protect') {
      return change.oldMmuWritable && !change.newMmuWritable ? FLUSH_ALL_BEFORE_UNLOCK : null;
    }
    return kvmV6_13.onLeafChange!(change);
  },
};
