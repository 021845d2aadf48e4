import type { FlushPolicy, KernelVersion, MmuFlavour, SpteFormat } from '@spte-lab/spte-core';
import type { VmSetup, WorkloadEvent } from '@spte-lab/workload-gen';

/** KVM operations the explorer may interleave with the guest's writes (one of each). */
export type CheckOperation =
  | 'get_dirty_log'
  | 'clear_dirty_log'
  | 'write_track_add'
  | 'clear_young'
  | 'invalidate_range'
  /**
   * KVM shadowing a 4K-level guest page table at a gfn the explorer chooses
   * (`account_shadowed`, spec §3.10, §5), run by the last vCPU: its page fault's guest walk
   * met the table. The shadow MMU is then the write-tracker (issue 18).
   */
  | 'account_shadowed'
  /**
   * Enabling dirty logging itself (`kvm_mmu_slot_apply_flags`, spec §12.7), by the VMM: with it
   * in the list, logging is off when the exploration starts, so the eager split's and the
   * write-protect walk's lock drops interleave with everything else (issue 17).
   */
  | 'enable_dirty_logging'
  /**
   * Disabling dirty logging (`kvm_mmu_slot_apply_flags` on logging off, spec §12.7, §12.8), by
   * the VMM. It starts only while every vCPU is idle: the VMM pauses the guest and does its final
   * harvest (judged then, spec §4) before it turns logging off; afterwards nothing is tracked any
   * more, so the final harvest at the end of the path is skipped.
   */
  | 'disable_dirty_logging'
  /**
   * The tracker untracking a gfn it tracks (`kvm_write_track_remove_gfn`, spec §5): it chooses
   * among the gfns whose write-track count is non-zero; listed without `write_track_add`, the
   * add is queued before it on the tracker (the kernel WARNs on removing an untracked gfn).
   */
  | 'write_track_remove'
  /** Host MM aging of one gfn the explorer chooses (spec §3.7). */
  | 'clear_flush_young'
  | 'test_young'
  /** `kvm_zap_gfn_range` of one gfn the explorer chooses, by the VMM (spec §3.8). */
  | 'zap_gfn_range'
  /** `kvm_mmu_zap_all_fast` by the VMM (spec §12.10). */
  | 'zap_all_fast'
  /** KVM_PRE_FAULT_MEMORY of one gfn, on the last vCPU (spec §3.4, §12.3; TDP only). */
  | 'pre_fault'
  /** The VMM reads every dirty ring and calls KVM_RESET_DIRTY_RINGS (spec §4.5; rings only). */
  | 'reset_dirty_rings'
  /**
   * A VM exit of the last vCPU while it is idle (`vmx_flush_pml_buffer`, spec §4.6): its PML
   * buffer is drained into the dirty log; it re-enters the guest at once (`vm.pml` only).
   */
  | 'pml_drain'
  /**
   * Shadow-paging unsync/sync (spec §9, §12.9): adds to the set-up vCPU 0 shadowing a 4K-level
   * guest table at gfn choice 0 that maps gfn choice 1 ('pwuxd', unsync) and writing gfn choice
   * 1; adds to vCPU 0's guest events a PTE write dropping X ('pwud') and a guest TLB flush,
   * which syncs the page (`kvm_mmu_sync_roots`, `__kvm_sync_page`). Needs 2 gfns.
   */
  | 'sync_page';

/**
 * Every CheckOperation, in the order `spte-lab check --help` lists them and audits combine them:
 * a migration's life (logging on, reaps, tracking, aging and zaps, logging off), so that two
 * operations of one actor, which run in this order, queue sensibly.
 */
export const CHECK_OPERATIONS: readonly CheckOperation[] = [
  'enable_dirty_logging',
  'get_dirty_log',
  'clear_dirty_log',
  'reset_dirty_rings',
  'pml_drain',
  'write_track_add',
  'write_track_remove',
  'account_shadowed',
  'sync_page',
  'clear_young',
  'clear_flush_young',
  'test_young',
  'invalidate_range',
  'zap_gfn_range',
  'zap_all_fast',
  'pre_fault',
  'disable_dirty_logging',
];

/**
 * A small configuration to explore exhaustively (issue "spte-lab check"): every interleaving
 * of every actor's steps, with every choice of gfn, in fine mode and adversarial retention.
 */
export interface CheckConfig {
  readonly policy: FlushPolicy;
  /** 1–3 vCPUs. */
  readonly vcpus: number;
  /** 1–4 gfns the guest writes and the operations act on (gfn 0 upwards). */
  readonly gfns: number;
  /**
   * The memslot's size in gfns (default: `gfns`). A 2M mapping needs 512: the explorer still
   * chooses among the first `gfns` only.
   */
  readonly slotGfns?: number;
  /** Gfns vCPU 0 writes, to completion, before dirty logging starts (set-up, not explored). */
  readonly warmWrites?: readonly number[];
  /**
   * Events run to completion, in order, after the warm writes and before dirty logging starts
   * (set-up, not explored): a guest building and using its page tables, say.
   */
  readonly setup?: readonly WorkloadEvent[];
  /**
   * vCPU 0's own events besides its writes (guest PTE writes, TLB flushes, INVLPGs), each run
   * once and in this order; the explorer chooses when.
   */
  readonly guestEvents?: readonly WorkloadEvent[];
  /** Guest writes per vCPU (each to any gfn). */
  readonly writes: number;
  /** The KVM operations, each run once by its actor (VMM, tracker or host MM). */
  readonly operations: readonly CheckOperation[];
  readonly format: SpteFormat;
  readonly mmu: MmuFlavour;
  readonly kernel?: KernelVersion;
  /**
   * Memslot set-up; dirty logging is enabled before the exploration starts, unless
   * `enable_dirty_logging` is one of the operations.
   */
  readonly vm: VmSetup;
  /** Stop after this many steps along any path (the bound). */
  readonly maxDepth: number;
  /** Stop after this many distinct states (a safety valve; reported if hit). */
  readonly maxStates: number;
  /**
   * Stop when the snapshots of the two levels in memory pass this many MiB (default 1024): a
   * state of a 1024-gfn memslot is about 64 KiB, so a wide level would otherwise exhaust the
   * heap and the process would be killed with nothing written. Reported as incomplete.
   */
  readonly maxSnapshotMiB?: number;
  readonly eagerSplit?: 'on' | 'off' | 'fails';
  /**
   * `num_pages` of the explorer's CLEAR_DIRTY_LOG, from gfn 0 (default: `gfns`). 128 covers two
   * 64-bit bitmap words, so the hook runs twice in one call (issue 18: a later word's eager
   * split drops `mmu_lock` after an earlier word's 2M write-protect).
   */
  readonly clearPages?: number;
  /**
   * How many 2M regions the explorer's gfn choices lie in (default 1). With 2, choice g is gfn
   * g * 512 (so choices 0 and 1 are in different regions), and the slot must hold
   * `gfns * 512` gfns (its default then). Warm writes and CLEAR_DIRTY_LOG's pages stay plain
   * gfns; CLEAR_DIRTY_LOG then covers the whole slot unless `clearPages` says otherwise.
   */
  readonly regions?: 1 | 2;
}

/** The gfn a choice of the explorer stands for (spec: one or two 2M regions, issue 19). */
export function choiceGfn(config: CheckConfig, choice: number): number {
  return config.regions === 2 ? choice * 512 : choice;
}

/** The memslot's size in gfns, defaults applied. */
export function checkSlotGfns(config: CheckConfig): number {
  return config.slotGfns ?? (config.regions === 2 ? config.gfns * 512 : config.gfns);
}

export const DEFAULT_CHECK: Omit<CheckConfig, 'policy'> = {
  vcpus: 1,
  gfns: 2,
  writes: 2,
  operations: ['get_dirty_log', 'write_track_add'],
  format: 'ept',
  mmu: 'tdp',
  vm: {},
  maxDepth: 60,
  maxStates: 2_000_000,
};

/** Checks the ranges the issue fixes; returns one message per problem. */
export function checkConfigProblems(config: CheckConfig): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(config.vcpus) || config.vcpus < 1 || config.vcpus > 3)
    problems.push(`vcpus must be 1–3 (got ${config.vcpus})`);
  if (!Number.isInteger(config.gfns) || config.gfns < 1 || config.gfns > 4)
    problems.push(`gfns must be 1–4 (got ${config.gfns})`);
  if (!Number.isInteger(config.writes) || config.writes < 0 || config.writes > 4)
    problems.push(`writes must be 0–4 (got ${config.writes})`);
  const regions = config.regions ?? 1;
  if (regions !== 1 && regions !== 2) problems.push(`regions must be 1 or 2 (got ${regions})`);
  const slot = checkSlotGfns(config);
  const least = regions === 2 ? config.gfns * 512 : config.gfns;
  if (!Number.isInteger(slot) || slot < least || slot > 4096)
    problems.push(`slot size must be ${least}–4096 gfns (got ${slot})`);
  if (config.operations.includes('sync_page') && config.gfns < 2)
    problems.push(`sync_page needs 2 gfns (a guest page table and the page it maps)`);
  const clear = config.clearPages ?? (regions === 2 ? slot : config.gfns);
  if (!Number.isInteger(clear) || clear < 1 || clear > slot)
    problems.push(`CLEAR_DIRTY_LOG pages must be 1–${slot}, the slot size (got ${clear})`);
  for (const g of config.warmWrites ?? [])
    if (!Number.isInteger(g) || g < 0 || g >= slot)
      problems.push(`warm write to gfn ${g} is outside the slot`);
  if (!Number.isInteger(config.maxDepth) || config.maxDepth < 1)
    problems.push(`max depth must be a positive integer (got ${config.maxDepth})`);
  return problems;
}
