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
  /** Range flushes a policy asked for (the Hyper-V enlightened path; not a KVM stat on bare metal). */
  remote_tlb_flush_ranges = 0;

  /**
   * `remote_tlb_flush_requests` by the kernel function that requested each (`flush-sites.ts`);
   * the values sum to `remote_tlb_flush_requests`. Not a KVM stat: KVM counts only the total.
   */
  readonly flushesBySite = new Map<string, number>();
  /** Range flushes (`remote_tlb_flush_ranges`) by the function that requested each. */
  readonly rangeFlushesBySite = new Map<string, number>();

  countFlush(site: string): void {
    this.flushesBySite.set(site, (this.flushesBySite.get(site) ?? 0) + 1);
  }

  countRangeFlush(site: string): void {
    this.rangeFlushesBySite.set(site, (this.rangeFlushesBySite.get(site) ?? 0) + 1);
  }

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
      remote_tlb_flush_ranges: this.remote_tlb_flush_ranges,
    };
  }
}
