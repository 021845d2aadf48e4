import type { SpteContext } from './context.js';

/** One bit field of an SPTE layout: bits hi..lo, a short name, and what a value means. */
export interface FieldSpec {
  readonly hi: number;
  readonly lo: number;
  readonly name: string;
  readonly meaning: (value: number, ctx: SpteContext) => string;
}

const flag =
  (set: string, clear: string) =>
  (v: number): string =>
    v ? set : clear;
const fixed = (text: string) => (): string => text;

const EPT_MEMTYPES: Readonly<Record<number, string>> = {
  0: 'UC (uncacheable)',
  1: 'WC (write-combining)',
  4: 'WT (write-through)',
  5: 'WP (write-protected)',
  6: 'WB (write-back)',
};

const AD_TYPES = ['enabled', 'disabled', 'write-protect only', 'undefined (3)'];

const adType: FieldSpec = {
  hi: 53,
  lo: 52,
  name: 'ADtype',
  meaning: (v, ctx) =>
    `A/D tracking ${AD_TYPES[v] ?? '?'}` +
    (ctx.masks.isEpt ? '' : ' (reserved with PAE; KVM keeps 0)'),
};

const common = {
  mmuPresent: {
    hi: 11,
    lo: 11,
    name: 'P(MMU)',
    meaning: flag('shadow-present (SPTE_MMU_PRESENT_MASK)', 'not shadow-present'),
  },
  pfn: { hi: 51, lo: 12, name: 'PFN', meaning: fixed('host page frame number') },
  pageSize: {
    hi: 7,
    lo: 7,
    name: 'PS',
    meaning: flag('page size: a huge leaf at level 2/3', 'not a huge leaf'),
  },
  writable: { hi: 1, lo: 1, name: 'W', meaning: flag('writable', 'read-only') },
} satisfies Record<string, FieldSpec>;

/** Intel EPT layout (SDM Table 28-6 and KVM's use of the ignored bits; spec §1.2). */
export const EPT_FIELDS: readonly FieldSpec[] = [
  {
    hi: 63,
    lo: 63,
    name: 'SVE',
    meaning: flag('suppress #VE (in shadow_present_mask)', 'no suppress #VE'),
  },
  { hi: 62, lo: 59, name: '-', meaning: fixed('unused in present SPTEs') },
  { hi: 58, lo: 58, name: 'MW', meaning: flag('MMU-writable', 'not MMU-writable') },
  { hi: 57, lo: 57, name: 'HW', meaning: flag('host-writable', 'host does not allow writes') },
  { hi: 56, lo: 56, name: 'savedX', meaning: flag('X saved by access tracking', 'no saved X') },
  { hi: 55, lo: 55, name: '-', meaning: fixed('ignored') },
  { hi: 54, lo: 54, name: 'savedR', meaning: flag('R saved by access tracking', 'no saved R') },
  adType,
  common.pfn,
  common.mmuPresent,
  { hi: 10, lo: 10, name: '-', meaning: fixed('ignored (user-mode execute with MBEC)') },
  { hi: 9, lo: 9, name: 'D', meaning: (v, ctx) => adBit(v, ctx, 'dirty') },
  { hi: 8, lo: 8, name: 'A', meaning: (v, ctx) => adBit(v, ctx, 'accessed') },
  common.pageSize,
  { hi: 6, lo: 6, name: 'IPAT', meaning: flag('ignore guest PAT', 'guest PAT applies') },
  {
    hi: 5,
    lo: 3,
    name: 'MT',
    meaning: (v) => `memory type ${EPT_MEMTYPES[v] ?? `${v}: EPT misconfiguration`}`,
  },
  { hi: 2, lo: 2, name: 'X', meaning: flag('executable', 'not executable') },
  common.writable,
  { hi: 0, lo: 0, name: 'R', meaning: flag('readable (also ACC_USER)', 'not readable') },
];

function adBit(v: number, ctx: SpteContext, what: string): string {
  if (ctx.adEnabled) return v ? what : `not ${what}`;
  if (ctx.profile.eptSoftwareAdBits)
    return v ? `${what} (software bit)` : `not ${what} (software bit)`;
  return v ? `set, but unused with A/D disabled in ${ctx.kernel}` : 'unused with A/D disabled';
}

/** Legacy shadow paging / AMD NPT layout (spec §1.3). */
export const LEGACY_FIELDS: readonly FieldSpec[] = [
  { hi: 63, lo: 63, name: 'NX', meaning: flag('no-execute', 'executable') },
  { hi: 62, lo: 54, name: '-', meaning: fixed('unused by KVM') },
  adType,
  common.pfn,
  common.mmuPresent,
  { hi: 10, lo: 10, name: 'MW', meaning: flag('MMU-writable', 'not MMU-writable') },
  { hi: 9, lo: 9, name: 'HW', meaning: flag('host-writable', 'host does not allow writes') },
  { hi: 8, lo: 8, name: 'G', meaning: fixed('global (not used by KVM)') },
  common.pageSize,
  { hi: 6, lo: 6, name: 'D', meaning: flag('dirty', 'not dirty') },
  { hi: 5, lo: 5, name: 'A', meaning: flag('accessed', 'not accessed') },
  { hi: 4, lo: 4, name: 'PCD', meaning: fixed('page cache disable (not set by make_spte)') },
  { hi: 3, lo: 3, name: 'PWT', meaning: fixed('page write-through (not set by make_spte)') },
  { hi: 2, lo: 2, name: 'U', meaning: flag('user', 'supervisor only') },
  common.writable,
  { hi: 0, lo: 0, name: 'P', meaning: flag('present (hardware)', 'not present (hardware)') },
];

/** An MMIO SPTE's fields (spec §1.4), the same positions in every format. */
export const MMIO_FIELDS: readonly FieldSpec[] = [
  { hi: 63, lo: 63, name: 'SVE/NX', meaning: fixed('part of the MMIO value/mask where set') },
  { hi: 62, lo: 52, name: 'GEN[18:8]', meaning: fixed('memslot generation, high bits') },
  {
    hi: 51,
    lo: 12,
    name: 'GFN',
    meaning: (_v, ctx) =>
      ctx.masks.isEpt
        ? 'GPA >> 12 of the MMIO access'
        : 'GPA >> 12, plus bit 51, the legacy MMIO marker',
  },
  {
    hi: 11,
    lo: 11,
    name: 'P(MMU)',
    meaning: flag('set: not a valid MMIO SPTE', 'never set in MMIO SPTEs'),
  },
  { hi: 10, lo: 3, name: 'GEN[7:0]', meaning: fixed('memslot generation, low bits') },
  { hi: 2, lo: 0, name: 'value/access', meaning: fixed('MMIO marker value and ACC_* bits') },
];
