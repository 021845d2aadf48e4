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
  | 'enable_dirty_logging';

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
  readonly eagerSplit?: 'on' | 'off' | 'fails';
  /**
   * `num_pages` of the explorer's CLEAR_DIRTY_LOG, from gfn 0 (default: `gfns`). 128 covers two
   * 64-bit bitmap words, so the hook runs twice in one call (issue 18: a later word's eager
   * split drops `mmu_lock` after an earlier word's 2M write-protect).
   */
  readonly clearPages?: number;
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
  const slot = config.slotGfns ?? config.gfns;
  if (!Number.isInteger(slot) || slot < config.gfns || slot > 4096)
    problems.push(`slot size must be ${config.gfns}–4096 gfns (got ${slot})`);
  const clear = config.clearPages ?? config.gfns;
  if (!Number.isInteger(clear) || clear < 1 || clear > slot)
    problems.push(`CLEAR_DIRTY_LOG pages must be 1–${slot}, the slot size (got ${clear})`);
  for (const g of config.warmWrites ?? [])
    if (!Number.isInteger(g) || g < 0 || g >= slot)
      problems.push(`warm write to gfn ${g} is outside the slot`);
  if (!Number.isInteger(config.maxDepth) || config.maxDepth < 1)
    problems.push(`max depth must be a positive integer (got ${config.maxDepth})`);
  return problems;
}
