/**
 * The event texts the importer reads, one regular expression per accepted format (field
 * meanings from the kernel's tracepoint definitions; see the README for the full table).
 * Hex fields may or may not carry `0x`, as different kernels print them.
 */
const HEX = '(?:0x)?([0-9a-fA-F]+)';

export const FORMATS = {
  /**
   * kvm:kvm_page_fault (arch/x86/kvm/trace.h), three generations:
   *   `address %lx error_code %x`                                  (to ~v6.2; later `%llx`)
   *   `vcpu %u rip 0x%lx address 0x%lx error_code %x`
   *   `vcpu %u rip 0x%lx address 0x%016llx error_code 0x%llx`     (current)
   * address: the faulting GPA on TDP (EPT violation, NPF), the GVA (CR2) under shadow paging.
   */
  pageFault: new RegExp(`^(?:vcpu (\\d+) rip ${HEX} )?address ${HEX} error_code ${HEX}$`),
  /**
   * kvmmmu:fast_page_fault: `vcpu %d gva %llx error_code %s sptep %p old %#llx new %llx
   * spurious %d fixed %d`; gva is fault->addr (the GPA: fast faults are direct-MMU only),
   * error_code the PFERR flag names joined by `|`.
   */
  fastPageFault: new RegExp(
    `^vcpu (\\d+) gva ${HEX} error_code ([\\w|]*) sptep \\S+ old ${HEX} new ${HEX} spurious (\\d) fixed (\\d)$`,
  ),
  /** kvmmmu:kvm_mmu_zap_all_fast: `kvm-mmu-valid-gen %u used_pages %x`. */
  zapAllFast: /^kvm-mmu-valid-gen \d+ used_pages [0-9a-fA-F]+$/,
  /** kvm:kvm_unmap_hva_range: `mmu notifier unmap range: %#016lx -- %#016lx` ([start, end)). */
  unmapHvaRange: new RegExp(`^mmu notifier unmap range: ${HEX} --? ${HEX}`),
  /**
   * kvm:kvm_age_hva: `mmu notifier age hva: %#016lx -- %#016lx` ([start, end)), printed by both
   * clear_flush_young and clear_young; a later form appends ` fast_only: %d`.
   */
  ageHva: new RegExp(`^mmu notifier age hva: ${HEX} --? ${HEX}(?: fast_only: \\d)?$`),
  /** kvm:kvm_test_age_hva: `mmu notifier test age hva: %#016lx` (one page). */
  testAgeHva: new RegExp(`^mmu notifier test age hva: ${HEX}(?: fast_only: \\d)?$`),
  /** kvm:kvm_dirty_ring_reset: `ring %d: dirty 0x%x reset 0x%x (used %u)` (ring = vCPU index). */
  dirtyRingReset: /^ring (\d+): dirty 0x[0-9a-fA-F]+ reset 0x[0-9a-fA-F]+ \(used \d+\)$/,
  /**
   * A line that names its vCPU: kvm_entry (`vcpu %u[, rip 0x%lx]`), kvm_exit in the kernel's
   * rendering (`vcpu %u reason ...`), kvm_dirty_ring_exit (`vcpu %d`).
   */
  vcpuPrefix: /^vcpu (\d+)\b/,
  /** syscalls:sys_enter_ioctl: `fd: 0x%08lx, cmd: 0x%08lx, arg: 0x%08lx`. */
  ioctl: new RegExp(`^fd: ${HEX}, cmd: ${HEX}, arg: ${HEX}$`),
} as const;

/** KVM ioctl numbers (include/uapi/linux/kvm.h; _IOW/_IOWR/_IO on type 0xAE). */
export const KVM_IOCTL = {
  /** _IOW(KVMIO, 0x42, struct kvm_dirty_log): 16 bytes. */
  GET_DIRTY_LOG: 0x4010ae42,
  /** _IOWR(KVMIO, 0xc0, struct kvm_clear_dirty_log): 24 bytes. */
  CLEAR_DIRTY_LOG: 0xc018aec0,
  /** _IO(KVMIO, 0xc7). */
  RESET_DIRTY_RINGS: 0xaec7,
} as const;

/**
 * Events whose lines record what KVM did in answer to a cause (a fault, an ioctl): the model
 * works these out itself, so they are counted, not imported.
 */
export const KVM_RESPONSES: ReadonlySet<string> = new Set([
  'kvm_mmu_spte_requested',
  'kvm_mmu_set_spte',
  'kvm_tdp_mmu_spte_changed',
  'kvm_mmu_split_huge_page',
  'kvm_mmu_unsync_page',
  'kvm_mmu_pagetable_walk',
  'kvm_mmu_paging_element',
  'kvm_mmu_walker_error',
  'kvm_mmu_set_accessed_bit',
  'kvm_mmu_set_dirty_bit',
  'mark_mmio_spte',
  'handle_mmio_page_fault',
  'check_mmio_spte',
  'kvm_dirty_ring_push',
  'kvm_dirty_ring_exit',
  'kvm_pml_full',
]);

/** Events read only to learn which vCPU a thread runs (they start or end a guest run). */
export const VCPU_CONTEXT: ReadonlySet<string> = new Set(['kvm_entry', 'kvm_exit']);
