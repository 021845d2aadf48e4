import { FLUSH_ALL_NOW, type FlushPolicy } from '@spte-lab/spte-core';
import { kvmV6_13 } from './kvm-v6.13.js';

/**
 * Fix placement (b) for the initially-set CLEAR_DIRTY_LOG race (spec §10.1, §12.14;
 * docs/findings/initially-set-write-track.md): v6.13, plus a flush inside the x86 hook
 * (`kvm_arch_mmu_enable_log_dirty_pt_masked`) right after its 2M write-protect, still under
 * `mmu_lock`, whenever that write-protect cleared MW. It restores the spte.h rule "clearing MW
 * is followed by a flush before the lock is dropped" for every caller of the hook: CLEAR_DIRTY_LOG
 * and the dirty-ring reset alike, and before the eager split of a later word can drop the lock.
 * Expected verdict: safe, at one flush per huge page write-protected.
 */
export const kvmV6_13InitsetFlush: FlushPolicy = {
  ...kvmV6_13,
  name: 'kvm-v6.13-initset-flush',
  description:
    'v6.13, plus a flush in the x86 hook right after the init-set 2M write-protect clears MW',
  onLeafChange(change) {
    if (change.site === 'init_set_huge_write_protect') {
      return change.oldMmuWritable && !change.newMmuWritable ? FLUSH_ALL_NOW : null;
    }
    return kvmV6_13.onLeafChange!(change);
  },
};
