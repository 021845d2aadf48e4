import { hi32, lo32 } from './words.js';

/**
 * Bit positions that are the same in every SPTE format (spec §1.1, §1.4, §1.5), named as the
 * kernel names them. These are data for the slow paths (decode, context set-up); the word face
 * uses the *_LO / *_HI halves exported at the bottom.
 */

const bit = (n: number): bigint => 1n << BigInt(n);
/** Bits hi..lo inclusive, like the kernel's GENMASK_ULL(hi, lo). */
export const genmask = (hi: number, lo: number): bigint => (bit(hi + 1) - 1n) & ~(bit(lo) - 1n);

export const PAGE_SHIFT = 12;
export const PT_PRESENT_MASK = bit(0);
export const PT_WRITABLE_MASK = bit(1);
export const PT_PAGE_SIZE_MASK = bit(7);
/** Bit 11: ignored by hardware in every flavour, so KVM uses it as "shadow-present". */
export const SPTE_MMU_PRESENT_MASK = bit(11);
/** Bits 51:12 (no SME/MKTME: `physical_mask` is not in play). */
export const SPTE_BASE_ADDR_MASK = genmask(51, 12);

export const SPTE_TDP_AD_SHIFT = 52;
export const SPTE_TDP_AD_MASK = 3n << 52n;
/** Must be 0: bits 62:52 are reserved in PAE paging, and legacy SPTEs always have A/D. */
export const SPTE_TDP_AD_ENABLED = 0n;
export const SPTE_TDP_AD_DISABLED = 1n << 52n;
export const SPTE_TDP_AD_WRPROT_ONLY = 2n << 52n;

/** Saved R (bit 0) and X (bit 2) of an access-tracked SPTE live at bits 54 and 56. */
export const SHADOW_ACC_TRACK_SAVED_BITS_SHIFT = 54;
export const SHADOW_ACC_TRACK_SAVED_BITS_MASK = 0x5n;

/** 64-bit host: Suppress-#VE set so that TDX gets EPT violations (spec §1.4). */
export const SHADOW_NONPRESENT_VALUE = bit(63);
/** Bits 5, 7, 8, 10: no RWX, no PFN, not MMU-present. */
export const FROZEN_SPTE = SHADOW_NONPRESENT_VALUE | 0x5a0n;

export const MMIO_SPTE_GEN_LOW_START = 3;
export const MMIO_SPTE_GEN_LOW_END = 10;
export const MMIO_SPTE_GEN_HIGH_START = 52;
export const MMIO_SPTE_GEN_HIGH_END = 62;
export const MMIO_SPTE_GEN_LOW_BITS = MMIO_SPTE_GEN_LOW_END - MMIO_SPTE_GEN_LOW_START + 1;
export const MMIO_SPTE_GEN_HIGH_BITS = MMIO_SPTE_GEN_HIGH_END - MMIO_SPTE_GEN_HIGH_START + 1;
export const MMIO_SPTE_GEN_LOW_MASK = genmask(MMIO_SPTE_GEN_LOW_END, MMIO_SPTE_GEN_LOW_START);
export const MMIO_SPTE_GEN_HIGH_MASK = genmask(MMIO_SPTE_GEN_HIGH_END, MMIO_SPTE_GEN_HIGH_START);
/** The memslot generation kept in an MMIO SPTE: 19 bits. */
export const MMIO_SPTE_GEN_MASK = (1 << (MMIO_SPTE_GEN_LOW_BITS + MMIO_SPTE_GEN_HIGH_BITS)) - 1;

/** `pte_access` bits (ACC_*_MASK). */
export const ACC_EXEC_MASK = 1;
export const ACC_WRITE_MASK = 2;
export const ACC_USER_MASK = 4;
export const ACC_ALL = ACC_EXEC_MASK | ACC_WRITE_MASK | ACC_USER_MASK;

/** Levels (spec §1.5). */
export const PG_LEVEL_4K = 1;
export const PG_LEVEL_2M = 2;
export const PG_LEVEL_1G = 3;
export const SPTE_LEVEL_BITS = 9;

// Word halves of the constants above, for the hot path.
export const W_LO = lo32(PT_WRITABLE_MASK);
export const PS_LO = lo32(PT_PAGE_SIZE_MASK);
export const MMU_PRESENT_LO = lo32(SPTE_MMU_PRESENT_MASK);
export const BASE_ADDR_LO = lo32(SPTE_BASE_ADDR_MASK);
export const BASE_ADDR_HI = hi32(SPTE_BASE_ADDR_MASK);
export const AD_MASK_HI = hi32(SPTE_TDP_AD_MASK);
export const AD_DISABLED_HI = hi32(SPTE_TDP_AD_DISABLED);
export const AD_WRPROT_ONLY_HI = hi32(SPTE_TDP_AD_WRPROT_ONLY);
/** Where the saved R/X bits sit inside the high word. */
export const SAVED_BITS_HI_SHIFT = SHADOW_ACC_TRACK_SAVED_BITS_SHIFT - 32;
export const SAVED_BITS_MASK = Number(SHADOW_ACC_TRACK_SAVED_BITS_MASK);
export const FROZEN_LO = lo32(FROZEN_SPTE);
export const FROZEN_HI = hi32(FROZEN_SPTE);
export const GEN_HIGH_HI_SHIFT = MMIO_SPTE_GEN_HIGH_START - 32;
export const AD_ENABLED_HI = hi32(SPTE_TDP_AD_ENABLED);
