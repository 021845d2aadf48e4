import { kernelPolicy } from './kernel-policy.js';

/**
 * Linux v6.13: remote TLBs are flushed iff the MMU-writable bit is cleared (the seed patch,
 * `leaf_spte_change_needs_tlb_flush`), no flush for A/D clearing, no flush in
 * `clear_flush_young` on x86, and the TDP fault path's WARN-and-flush (patch 08).
 * Expected verdict: unsafe in `shadow-mmu-initially-set` (the initially-set CLEAR_DIRTY_LOG race
 * of spec §10.1, which shadow paging hits with the default eager_page_split; issue 18); safe in
 * every other preset's default configuration.
 */
export const kvmV6_13 = kernelPolicy(
  'v6.13',
  'kvm-v6.13',
  'Linux v6.13: flush iff MMU-writable is cleared; no flush on A/D clearing or aging',
);
