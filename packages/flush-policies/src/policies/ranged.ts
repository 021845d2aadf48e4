import { definePolicy } from '../define-policy.js';
import { flushLeafRange } from '../requests.js';

/**
 * `conservative`'s trigger and timing with the scope narrowed: each leaf change that takes
 * something away is flushed at once, but only over the gfns that leaf maps (a huge leaf's
 * whole aligned region), as KVM can do under Hyper-V with the enlightened range flush
 * (`kvm_flush_remote_tlbs_range`, spec §6.4). The TLB model drops only the translations that
 * overlap the range, so other gfns keep their entries: fewer misses and re-walks after a
 * flush, at the same IPI count. The model does not merge ranges, so a harvest of N pages is N
 * range flushes.
 * Expected verdict: safe.
 */
export const ranged = definePolicy({
  name: 'ranged',
  description: 'range-flush only the changed leaf’s gfns, at once (Hyper-V enlightened flush)',
  onLeafChange: (change) =>
    change.permissionsReduced || change.accessedDirtyCleared
      ? flushLeafRange(change.gfn, change.level, 'now')
      : null,
});
