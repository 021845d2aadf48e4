import { kernelPolicy } from './kernel-policy.js';

/**
 * The pitfall the spte.h comment warns about (spec §1.6, §5): KVM's call sites, but the leaf
 * rule flushes iff the SPTE *loses W* (W(old) ∧ ¬W(new)) instead of iff it loses MW. A
 * write-track add on a SPTE that dirty logging already made read-only (W=0, MW=1) then clears
 * MW without a flush, while another vCPU may still hold a writable TLB entry from before the
 * harvest's own flush. The same happens when a sync re-protects a guest page table that aging
 * had access-tracked (W=0, MW=1): the stale writable entry lets the guest write its page table
 * without a trap.
 * Expected verdict: unsafe in `write-track-during-migration`, `shadow-mmu-initially-set`,
 * `ro-mmu-writable-refresh`. (Over seeds 1–20 of `write-track-initially-set` it lost a write by
 * chance until the dirty bitmap's words became 64 bits, one CLEAR_DIRTY_LOG step fewer per
 * chunk; `check` still finds it there.)
 */
export const wBitOnly = kernelPolicy(
  'v6.13',
  'w-bit-only',
  'flush iff the new SPTE loses W (ignores MMU-writable; unsafe with write-tracking)',
  (change) => change.oldWritable && !change.newWritable,
);
