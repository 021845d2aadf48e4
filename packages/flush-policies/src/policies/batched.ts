import { FLUSH_ALL_BEFORE_UNLOCK } from '@spte-lab/spte-core';
import { definePolicy } from '../define-policy.js';

/**
 * `conservative`'s trigger with the timing moved: every leaf change that takes something away
 * (zap, new pfn, lost R/W/X) asks for a VM-wide flush before `mmu_lock` is released, and the
 * requests of one lock hold are coalesced into a single flush (spec §3.11, as the kernel does
 * with its `flush` flags). Guest accesses keep running while KVM holds the lock, so stale
 * entries live a little longer than under `conservative`; that is harmless because no oracle
 * looks before the operation returns, and the operation returns only after the unlock. It
 * measures what batching saves when one hold changes many leaves (harvests, zaps).
 * Expected verdict: safe.
 */
export const batched = definePolicy({
  name: 'batched',
  description:
    'one flush of all TLBs per mmu_lock hold that took any permission away, just before unlock',
  // A cleared D (PML dirty logging) needs the flush too: a cached D=1 entry would not log.
  onLeafChange: (change) =>
    change.permissionsReduced || change.accessedDirtyCleared ? FLUSH_ALL_BEFORE_UNLOCK : null,
});
