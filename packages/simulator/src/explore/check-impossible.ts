import type { CheckSpec } from './check-report.js';

/*
 * Checked against Debian's 6.12.118 source (virt/kvm/kvm_main.c, virt/kvm/dirty_ring.c,
 * arch/x86/kvm/x86.c, mmu/mmu.c, vmx/vmx.c). Not rules, because the kernel accepts them:
 * KVM_CLEAR_DIRTY_LOG without manual protect (kvm_clear_dirty_log_protect does not check it),
 * and pre-fault with the shadow MMU (kvm_tdp_map_page refuses only a vCPU whose MMU is not
 * kvm_tdp_page_fault, i.e. shadow paging, which `mmu: 'shadow'` does not tell from TDP with
 * tdp_mmu=0).
 */

/**
 * One rule of `checkConfigImpossible`: a configuration the kernel (6.12/6.13) cannot produce, or
 * one that only repeats another, and why. The first rule that applies answers.
 */
interface ImpossibleRule {
  readonly applies: (spec: CheckSpec) => boolean;
  readonly why: string;
}

const has = (spec: CheckSpec, op: CheckSpec['operations'][number]) => spec.operations.includes(op);

const RULES: readonly ImpossibleRule[] = [
  {
    applies: (s) => !!s.vm.dirtyRing && (has(s, 'get_dirty_log') || has(s, 'clear_dirty_log')),
    why: 'KVM_GET_DIRTY_LOG and KVM_CLEAR_DIRTY_LOG fail with -ENXIO while the dirty ring is in use (kvm_get_dirty_log_protect, kvm_clear_dirty_log_protect: x86 does not select NEED_KVM_DIRTY_RING_WITH_BITMAP, so kvm_use_dirty_bitmap is false; spec §4.5).',
  },
  {
    applies: (s) => !!s.vm.initiallySet && !s.vm.manualProtect,
    why: 'KVM_DIRTY_LOG_INITIALLY_SET is accepted only together with KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE (kvm_vm_ioctl_enable_cap_generic returns -EINVAL otherwise; spec §4.4).',
  },
  {
    applies: (s) => !!s.vm.initiallySet && !!s.vm.dirtyRing,
    why: 'initially-set concerns the dirty bitmap, which x86 does not keep with a dirty ring (kvm_use_dirty_bitmap; spec §4.5).',
  },
  {
    applies: (s) => has(s, 'reset_dirty_rings') && !s.vm.dirtyRing,
    why: 'KVM_RESET_DIRTY_RINGS needs a dirty ring (kvm_vm_ioctl_reset_dirty_pages returns -EINVAL without one; spec §4.5).',
  },
  {
    applies: (s) => !!s.vm.pml && s.format !== 'ept',
    why: 'PML needs EPT with accessed/dirty bits (vmx hardware_setup turns enable_pml off without enable_ept_ad_bits; spec §4.6).',
  },
  {
    applies: (s) => has(s, 'pml_drain') && !s.vm.pml,
    why: 'a PML drain needs PML (vmx_flush_pml_buffer runs only with enable_pml).',
  },
  {
    applies: (s) => s.mmu === 'shadow' && s.eagerSplit !== undefined && s.eagerSplit !== 'on',
    why: "eager split at enable time happens only with the TDP MMU (kvm_mmu_slot_apply_flags → kvm_mmu_slot_try_split_huge_pages splits shadow-MMU pages of nested MMUs only; spec §12.7): with the shadow MMU this duplicates eager split 'on'.",
  },
  {
    applies: (s) =>
      !!s.vm.readOnly &&
      (has(s, 'enable_dirty_logging') || has(s, 'disable_dirty_logging') || !!s.vm.pml),
    why: 'logging on a read-only memslot changes no SPTE (kvm_mmu_slot_apply_flags returns early for KVM_MEM_READONLY; spec §12.7) and guest writes exit as MMIO (spec §12.5).',
  },
];

/**
 * For a configuration the kernel cannot produce (or one that merely duplicates another), one
 * sentence saying why, naming the kernel function and the spec section; undefined otherwise.
 * The audit skips such configurations (issue 19).
 */
export function checkConfigImpossible(spec: CheckSpec): string | undefined {
  return RULES.find((rule) => rule.applies(spec))?.why;
}
