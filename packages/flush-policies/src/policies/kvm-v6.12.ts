import { kernelPolicy } from './kernel-policy.js';

/**
 * Linux v6.12, the release before the seed series: `mmu_spte_update` flushes when an
 * MMU-writable SPTE becomes read-only or loses A or D, and `clear_flush_young` flushes when
 * it found a young SPTE.
 * Expected verdict: unsafe in `shadow-mmu-initially-set` (the initially-set CLEAR_DIRTY_LOG race
 * of spec §10.1, which shadow paging hits with the default eager_page_split; issue 18), at a
 * higher flush count than v6.13 elsewhere.
 */
export const kvmV6_12 = kernelPolicy(
  'v6.12',
  'kvm-v6.12',
  'Linux v6.12: flush when an MMU-writable SPTE loses W, or when A or D is cleared',
);
