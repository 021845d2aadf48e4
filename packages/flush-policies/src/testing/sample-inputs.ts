import type {
  FlushPoint,
  FlushPointKind,
  FlushPointSummary,
  KernelVersion,
  LeafChange,
  LeafChangeSite,
  LockReleaseSite,
  OperationName,
} from '@spte-lab/spte-core';

/**
 * Every call site and every flush point the model can report, as records so that a site added
 * to the port fails to compile here until the kit covers it (the registry's `satisfies` trick).
 */
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
  invlpg: true,
  kvm_mmu_track_write: true,
  kvm_mmu_unprotect_gfn_and_retry: true,
  kvm_arch_vcpu_pre_fault_memory: true,
  kvm_arch_async_page_ready: true,
  vcpu_entry: true,
};

/**
 * An operation that reaches each site, for the samples; a zap is reported by the MMU notifier,
 * `kvm_zap_gfn_range` and the fault path alike, and a policy may tell them apart (spec §12.12).
 */
const SITE_OPERATIONS: Record<LeafChangeSite, readonly OperationName[]> = {
  mmu_set_spte: ['page_fault'],
  tdp_mmu_map_handle_target_level: ['page_fault'],
  fast_pf_fix_direct_spte: ['page_fault'],
  kvm_write_track_add_gfn: ['kvm_write_track_add_gfn'],
  account_shadowed: ['page_fault'],
  mmu_sync_children: ['sync_unsync_pages'],
  sync_spte: ['sync_unsync_pages'],
  kvm_mmu_slot_remove_write_access: ['enable_dirty_logging'],
  kvm_arch_mmu_enable_log_dirty_pt_masked: ['get_dirty_log'],
  kvm_mmu_slot_leaf_clear_dirty: ['enable_dirty_logging'],
  init_set_huge_write_protect: ['clear_dirty_log'],
  kvm_age_gfn: ['clear_flush_young'],
  zap: ['invalidate_range', 'zap_gfn_range', 'page_fault'],
  split_huge_page: ['enable_dirty_logging'],
  recover_huge_pages: ['disable_dirty_logging'],
  zap_collapsible_spte: ['disable_dirty_logging'],
  kvm_mmu_zap_collapsible_spte: ['disable_dirty_logging'],
  kvm_mmu_zap_all_fast: ['zap_all_fast'],
};

type Shape = Omit<
  LeafChange,
  'site' | 'operation' | 'kernelRuleSaysFlush' | 'oldLo' | 'oldHi' | 'newLo' | 'newHi'
> & {
  readonly rule: boolean;
};

/** A present, writable 4K leaf: every shape below is a change from (or to) it. */
const WRITABLE_LEAF: Shape = {
  gfn: 5,
  level: 1,
  oldPresent: true,
  oldLeaf: true,
  newPresent: true,
  pfnChanged: false,
  oldMmuWritable: true,
  newMmuWritable: true,
  oldWritable: true,
  newWritable: true,
  permissionsReduced: false,
  accessedDirtyCleared: false,
  seedTermOnly: false,
  rule: false,
};

/** The kinds of change a policy must tell apart (spec §1.6, §3.1, §6.3), as differences. */
const SHAPES: Readonly<Record<string, Partial<Shape>>> = {
  'loses W, keeps MW': { newWritable: false, permissionsReduced: true, seedTermOnly: true },
  'loses W and MW': {
    newWritable: false,
    newMmuWritable: false,
    permissionsReduced: true,
    rule: true,
  },
  'read-only, loses MW': {
    oldWritable: false,
    newWritable: false,
    newMmuWritable: false,
    rule: true,
  },
  'gains W': { oldWritable: false },
  'new pfn': { pfnChanged: true, permissionsReduced: true },
  zapped: {
    newPresent: false,
    newWritable: false,
    newMmuWritable: false,
    permissionsReduced: true,
  },
  installed: { oldPresent: false, oldLeaf: false, oldWritable: false, oldMmuWritable: false },
  '2M leaf loses W': { gfn: 1024, level: 2, newWritable: false, permissionsReduced: true },
};

/** A frozen LeafChange: a policy that writes to it throws, and the kit reports the throw. */
function leafChange(
  site: LeafChangeSite,
  operation: OperationName,
  difference: Partial<Shape>,
): LeafChange {
  const { rule, ...fields } = { ...WRITABLE_LEAF, ...difference };
  return Object.freeze({
    site,
    operation,
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

/** Every site (in each operation listed for it) × every shape of change. */
export function sampleLeafChanges(): Sample<LeafChange>[] {
  return (Object.keys(SITE_OPERATIONS) as LeafChangeSite[]).flatMap((site) =>
    SITE_OPERATIONS[site].flatMap((operation, i) =>
      Object.entries(SHAPES).map(([shape, fields]) => ({
        label: i === 0 ? `${site} (${shape})` : `${site} in ${operation} (${shape})`,
        input: leafChange(site, operation, fields),
      })),
    ),
  );
}

const SUMMARIES: Readonly<Record<string, FlushPointSummary>> = {
  'nothing done': { reaped: 0, leafChanges: 0, zapped: 0, young: 0, kernelFlushFlag: false },
  'work done': { reaped: 3, leafChanges: 4, zapped: 1, young: 2, kernelFlushFlag: true },
};

/** The operation whose 'lock-release' points carry each lock site. */
const LOCK_SITES: Record<LockReleaseSite, OperationName> = {
  kvm_clear_dirty_log_protect: 'clear_dirty_log',
  kvm_reset_dirty_gfn: 'reset_dirty_rings',
  tdp_mmu_split_huge_pages_root: 'clear_dirty_log',
  tdp_mmu_iter_cond_resched: 'enable_dirty_logging',
  __walk_slot_rmaps: 'disable_dirty_logging',
  kvm_mmu_notifier_invalidate_range_start: 'invalidate_range',
  kvm_mmu_notifier_invalidate_range_end: 'invalidate_range',
};

/**
 * Every flush-point kind × every operation × an idle and a busy summary, and every lock site's
 * 'lock-release' point.
 */
export function sampleFlushPoints(): Sample<FlushPoint>[] {
  const samples: Sample<FlushPoint>[] = [];
  for (const [lockSite, operation] of Object.entries(LOCK_SITES) as [
    LockReleaseSite,
    OperationName,
  ][]) {
    for (const [what, summary] of Object.entries(SUMMARIES)) {
      samples.push({
        label: `lock-release of ${operation} at ${lockSite} (${what})`,
        input: Object.freeze({
          kind: 'lock-release',
          operation,
          lockSite,
          vcpu: -1,
          summary: Object.freeze({ ...summary }),
        }),
      });
    }
  }
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
