/**
 * The hardware side of a TLB flush (spec §6.4), owned here so that the KVM model can ask for
 * flushes without knowing how TLBs are modelled; tlb-model implements it.
 */
export interface ShootdownResult {
  /** IPIs sent: one per vCPU that was in guest mode (or reading shadow page tables). */
  ipis: number;
  /** vCPUs that got the request (all vCPUs for a VM-wide flush). */
  requested: number;
}

export interface TlbShootdown {
  /**
   * `kvm_flush_remote_tlbs()`: set KVM_REQ_TLB_FLUSH on every vCPU, IPI those in guest mode and
   * wait for them. When this returns no vCPU runs guest code with pre-flush TLB contents.
   */
  flushRemoteAll(): ShootdownResult;
  /**
   * A range flush that drops only entries overlapping [gfn, gfn + count) (the Hyper-V
   * enlightened flush; on bare metal KVM falls back to flushRemoteAll).
   */
  flushRemoteRange(gfn: number, count: number): ShootdownResult;
  /** Flush only the listed vCPUs, with an IPI to those in guest mode. */
  flushVcpus(vcpus: readonly number[]): ShootdownResult;
  /** Lazy flush: each vCPU flushes at its next VM entry; no IPI, nobody waits. */
  requestFlushAtNextEntry(): void;
  /**
   * `kvm_arch_sync_dirty_log` with PML (spec §4.3 step 1): kick every vCPU in guest mode out
   * and back in, so that each drains its PML buffer into the dirty log. Returns the IPIs sent.
   */
  kickAll(): number;
  /**
   * `kvm_mmu_zap_all_fast` (spec §3.8, §12.10): KVM_REQ_MMU_FREE_OBSOLETE_ROOTS to every vCPU,
   * IPI and wait for those in guest mode; each loads a new root, whose `kvm_mmu_load` flushes
   * its TLB locally (`flush_tlb_current`). Not a remote flush: KVM's `tlb_flush` stays as it is.
   */
  reloadRoots(): ShootdownResult;
}
