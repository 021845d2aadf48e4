/**
 * Statistics as KVM names them (spec §7), VM-wide and summed over vCPUs. Plain numeric fields,
 * so that counting costs nothing on hot paths.
 */
export class KvmStats {
  remote_tlb_flush_requests = 0;
  remote_tlb_flush = 0;
  pf_taken = 0;
  pf_fixed = 0;
  pf_fast = 0;
  pf_spurious = 0;
  pf_emulate = 0;
  mmu_pte_write = 0;
  /** Faults that ended in RET_PF_WRITE_PROTECTED (emulated writes; spte-lab's own counter). */
  pf_write_protected = 0;
  /** Range flushes a policy asked for (the Hyper-V enlightened path; not a KVM stat on bare metal). */
  remote_tlb_flush_ranges = 0;

  toRecord(): Record<string, number> {
    return {
      remote_tlb_flush_requests: this.remote_tlb_flush_requests,
      remote_tlb_flush: this.remote_tlb_flush,
      pf_taken: this.pf_taken,
      pf_fixed: this.pf_fixed,
      pf_fast: this.pf_fast,
      pf_spurious: this.pf_spurious,
      pf_emulate: this.pf_emulate,
      mmu_pte_write: this.mmu_pte_write,
      pf_write_protected: this.pf_write_protected,
      remote_tlb_flush_ranges: this.remote_tlb_flush_ranges,
    };
  }
}
