import type {
  FlushPoint,
  FlushPointKind,
  FlushPointSummary,
  KernelVersion,
  LeafChange,
  LeafChangeSite,
  OperationName,
} from '@spte-lab/spte-core';

/**
 * Every call site and every flush point the model can report, as records so that a site added
 * to the port fails to compile here until the kit covers it (the registry's `satisfies` trick).
 */
const SITES: Record<LeafChangeSite, true> = {
  mmu_set_spte: true,
  tdp_mmu_map_handle_target_level: true,
  fast_pf_fix_direct_spte: true,
  kvm_write_track_add_gfn: true,
  account_shadowed: true,
  mmu_sync_children: true,
  sync_spte: true,
  kvm_mmu_slot_remove_write_access: true,
  kvm_arch_mmu_enable_log_dirty_pt_masked: true,
  kvm_mmu_slot_leaf_clear_dirty: true,
  init_set_huge_write_protect: true,
  kvm_age_gfn: true,
  zap: true,
  split_huge_page: true,
  recover_huge_pages: true,
  zap_collapsible_spte: true,
  kvm_mmu_zap_all_fast: true,
};

const KINDS: Record<FlushPointKind, true> = {
  'lock-release': true,
  'ioctl-return': true,
  'vcpu-entry': true,
};

const OPERATIONS: Record<OperationName, true> = {
  page_fault: true,
  kvm_write_track_add_gfn: true,
  kvm_write_track_remove_gfn: true,
  enable_dirty_logging: true,
  disable_dirty_logging: true,
  get_dirty_log: true,
  clear_dirty_log: true,
  reset_dirty_rings: true,
  clear_flush_young: true,
  clear_young: true,
  test_young: true,
  invalidate_range: true,
  zap_gfn_range: true,
  zap_all_fast: true,
  sync_unsync_pages: true,
  vcpu_entry: true,
};

type Shape = Omit<LeafChange, 'site' | 'kernelRuleSaysFlush' | 'oldLo' | 'oldHi' | 'newLo' | 'newHi'> & {
  readonly rule: boolean;
};

const PRESENT = { oldPresent: true, oldLeaf: true, newPresent: true, pfnChanged: false };

/** The kinds of change a policy must tell apart (spec §1.6, §3.1, §6.3). */
const SHAPES: Readonly<Record<string, Shape>> = {
  'loses W, keeps MW': { ...PRESENT, gfn: 5, level: 1, oldMmuWritable: true, newMmuWritable: true, oldWritable: true, newWritable: false, permissionsReduced: true, rule: false },
  'loses W and MW': { ...PRESENT, gfn: 6, level: 1, oldMmuWritable: true, newMmuWritable: false, oldWritable: true, newWritable: false, permissionsReduced: true, rule: true },
  'read-only, loses MW': { ...PRESENT, gfn: 7, level: 1, oldMmuWritable: true, newMmuWritable: false, oldWritable: false, newWritable: false, permissionsReduced: false, rule: true },
  'gains W': { ...PRESENT, gfn: 8, level: 1, oldMmuWritable: true, newMmuWritable: true, oldWritable: false, newWritable: true, permissionsReduced: false, rule: false },
  'new pfn': { ...PRESENT, gfn: 9, level: 1, pfnChanged: true, oldMmuWritable: true, newMmuWritable: true, oldWritable: true, newWritable: true, permissionsReduced: true, rule: false },
  zapped: { ...PRESENT, gfn: 10, level: 1, newPresent: false, oldMmuWritable: true, newMmuWritable: false, oldWritable: true, newWritable: false, permissionsReduced: true, rule: false },
  installed: { ...PRESENT, gfn: 11, level: 1, oldPresent: false, oldLeaf: false, oldMmuWritable: false, newMmuWritable: true, oldWritable: false, newWritable: true, permissionsReduced: false, rule: false },
  '2M leaf loses W': { ...PRESENT, gfn: 1024, level: 2, oldMmuWritable: true, newMmuWritable: true, oldWritable: true, newWritable: false, permissionsReduced: true, rule: false },
};

/** A frozen LeafChange: a policy that writes to it throws, and the kit reports the throw. */
function leafChange(site: LeafChangeSite, shape: Shape): LeafChange {
  const { rule, ...fields } = shape;
  return Object.freeze({
    site,
    ...fields,
    oldLo: 0,
    oldHi: 0,
    newLo: 0,
    newHi: 0,
    kernelRuleSaysFlush: (_kernel: KernelVersion) => rule,
  });
}

export interface Sample<T> {
  readonly label: string;
  readonly input: T;
}

/** Every site × every shape of change. */
export function sampleLeafChanges(): Sample<LeafChange>[] {
  return (Object.keys(SITES) as LeafChangeSite[]).flatMap((site) =>
    Object.entries(SHAPES).map(([shape, fields]) => ({
      label: `${site} (${shape})`,
      input: leafChange(site, fields),
    })),
  );
}

const SUMMARIES: Readonly<Record<string, FlushPointSummary>> = {
  'nothing done': { reaped: 0, leafChanges: 0, zapped: 0, young: 0, kernelFlushFlag: false },
  'work done': { reaped: 3, leafChanges: 4, zapped: 1, young: 2, kernelFlushFlag: true },
};

/** Every flush-point kind × every operation × an idle and a busy summary. */
export function sampleFlushPoints(): Sample<FlushPoint>[] {
  const samples: Sample<FlushPoint>[] = [];
  for (const kind of Object.keys(KINDS) as FlushPointKind[]) {
    for (const operation of Object.keys(OPERATIONS) as OperationName[]) {
      for (const [what, summary] of Object.entries(SUMMARIES)) {
        samples.push({
          label: `${kind} of ${operation} (${what})`,
          input: Object.freeze({
            kind,
            operation,
            vcpu: kind === 'vcpu-entry' ? 1 : -1,
            summary: Object.freeze({ ...summary }),
          }),
        });
      }
    }
  }
  return samples;
}
