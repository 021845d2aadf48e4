import { ACC_USER_MASK, ACC_WRITE_MASK, PT_PRESENT_MASK } from './constants.js';

/**
 * The three host set-ups the project models (spec §1.2, §1.3; vector README "The three formats"):
 * 64-bit host, MAXPHYADDR 46, no SME/TDX, no L1TF mitigation, MMIO caching enabled.
 */
export const SPTE_FORMATS = ['ept', 'ept-noad', 'legacy'] as const;
export type SpteFormat = (typeof SPTE_FORMATS)[number];

export function isSpteFormat(name: string): name is SpteFormat {
  return (SPTE_FORMATS as readonly string[]).includes(name);
}

const bit = (n: number): bigint => 1n << BigInt(n);

// asm/vmx.h names (spec §1.2).
export const VMX_EPT_READABLE_MASK = bit(0);
export const VMX_EPT_WRITABLE_MASK = bit(1);
export const VMX_EPT_EXECUTABLE_MASK = bit(2);
export const VMX_EPT_RWX_MASK = 0x7n;
export const VMX_EPT_MT_EPTE_SHIFT = 3;
export const VMX_EPT_IPAT_BIT = bit(6);
export const VMX_EPT_ACCESS_BIT = bit(8);
export const VMX_EPT_DIRTY_BIT = bit(9);
export const VMX_EPT_SUPPRESS_VE_BIT = bit(63);
/** W|X without R: an EPT misconfiguration, which is what makes it a good MMIO marker. */
export const VMX_EPT_MISCONFIG_WX_VALUE = VMX_EPT_WRITABLE_MASK | VMX_EPT_EXECUTABLE_MASK;
export const EPT_SPTE_HOST_WRITABLE = bit(57);
export const EPT_SPTE_MMU_WRITABLE = bit(58);

// mmu.h / spte.h names for the non-EPT format (spec §1.3).
export const PT_USER_MASK = bit(2);
export const PT_ACCESSED_MASK = bit(5);
export const PT_DIRTY_MASK = bit(6);
export const PT64_NX_MASK = bit(63);
export const DEFAULT_SPTE_HOST_WRITABLE = bit(9);
export const DEFAULT_SPTE_MMU_WRITABLE = bit(10);

/**
 * What `kvm_mmu_set_ept_masks()` / `kvm_mmu_reset_all_pte_masks()` leave in the `shadow_*`
 * globals, by kernel variable name. For `ept-noad` the accessed and dirty masks given here are the
 * v6.13 values; v6.12 leaves them 0 (see `KernelProfile.eptSoftwareAdBits`).
 */
export interface FormatMasks {
  readonly format: SpteFormat;
  readonly description: string;
  /** Intel EPT layout (R/W/X in bits 2:0, memory type in 5:3). */
  readonly isEpt: boolean;
  /** `kvm_ad_enabled`: hardware A/D bits in use. */
  readonly kvmAdEnabled: boolean;
  readonly shadowPresentMask: bigint;
  readonly shadowUserMask: bigint;
  readonly shadowAccessedMask: bigint;
  readonly shadowDirtyMask: bigint;
  readonly shadowXMask: bigint;
  readonly shadowNxMask: bigint;
  readonly shadowAccTrackMask: bigint;
  readonly shadowHostWritableMask: bigint;
  readonly shadowMmuWritableMask: bigint;
  readonly shadowMmioValue: bigint;
  readonly shadowMmioMask: bigint;
  /** ACC_* bits an MMIO SPTE may keep. */
  readonly shadowMmioAccessMask: number;
  /** SME C-bit; 0 here (no SME). Kept so the encodings read like the kernel's. */
  readonly shadowMeValue: bigint;
  /** L1TF mitigation mask; 0 here (MAXPHYADDR 46 host without the mitigation). */
  readonly shadowNonpresentOrRsvdMask: bigint;
  readonly enableMmioCaching: boolean;
  /** `kvm_x86_ops.get_mt_mask` exists (VMX): make_spte ORs in the memory type. */
  readonly hasMtMask: boolean;
  /** Host MAXPHYADDR: address bits above it are reserved. */
  readonly maxPhyAddr: number;
}

const eptCommon = {
  isEpt: true,
  // Execute-only EPT is supported, so R is not part of the present mask; bit 63 is (TDX prep).
  shadowPresentMask: VMX_EPT_SUPPRESS_VE_BIT,
  // KVM stores ACC_USER as "readable" for EPT.
  shadowUserMask: VMX_EPT_READABLE_MASK,
  shadowAccessedMask: VMX_EPT_ACCESS_BIT,
  shadowDirtyMask: VMX_EPT_DIRTY_BIT,
  shadowXMask: VMX_EPT_EXECUTABLE_MASK,
  shadowNxMask: 0n,
  shadowAccTrackMask: VMX_EPT_RWX_MASK,
  shadowHostWritableMask: EPT_SPTE_HOST_WRITABLE,
  shadowMmuWritableMask: EPT_SPTE_MMU_WRITABLE,
  shadowMmioValue: VMX_EPT_MISCONFIG_WX_VALUE,
  shadowMmioMask: VMX_EPT_RWX_MASK | VMX_EPT_SUPPRESS_VE_BIT,
  shadowMmioAccessMask: 0,
  shadowMeValue: 0n,
  shadowNonpresentOrRsvdMask: 0n,
  enableMmioCaching: true,
  hasMtMask: true,
  maxPhyAddr: 46,
} as const;

export const FORMATS: Readonly<Record<SpteFormat, FormatMasks>> = Object.freeze({
  ept: Object.freeze({
    ...eptCommon,
    format: 'ept',
    description: 'Intel EPT with A/D bits enabled',
    kvmAdEnabled: true,
  }),
  'ept-noad': Object.freeze({
    ...eptCommon,
    format: 'ept-noad',
    description: 'Intel EPT with A/D bits disabled',
    kvmAdEnabled: false,
  }),
  legacy: Object.freeze({
    format: 'legacy',
    description: 'shadow paging / AMD NPT, MAXPHYADDR 46, no SME',
    isEpt: false,
    kvmAdEnabled: true,
    shadowPresentMask: PT_PRESENT_MASK,
    shadowUserMask: PT_USER_MASK,
    shadowAccessedMask: PT_ACCESSED_MASK,
    shadowDirtyMask: PT_DIRTY_MASK,
    shadowXMask: 0n,
    shadowNxMask: PT64_NX_MASK,
    // A/D always exist, so access tracking is never used.
    shadowAccTrackMask: 0n,
    shadowHostWritableMask: DEFAULT_SPTE_HOST_WRITABLE,
    shadowMmuWritableMask: DEFAULT_SPTE_MMU_WRITABLE,
    // A reserved PA bit (MAXPHYADDR < 52) makes the access fault with RSVD set.
    shadowMmioValue: bit(51) | PT_PRESENT_MASK,
    shadowMmioMask: bit(51) | PT_PRESENT_MASK,
    shadowMmioAccessMask: ACC_WRITE_MASK | ACC_USER_MASK,
    shadowMeValue: 0n,
    shadowNonpresentOrRsvdMask: 0n,
    enableMmioCaching: true,
    hasMtMask: false,
    maxPhyAddr: 46,
  }),
});
