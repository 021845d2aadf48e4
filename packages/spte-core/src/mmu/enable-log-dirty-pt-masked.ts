/**
 * The x86 hook both log-reaping paths call with `mmu_lock` held for write
 * (`kvm_arch_mmu_enable_log_dirty_pt_masked`, spec §3.6): `kvm_clear_dirty_log_protect` once
 * per 64-bit bitmap word with bits really cleared (spec §4.4), and `kvm_reset_dirty_gfn` once
 * per coalesced batch of ring entries (spec §4.5). In initially-set mode (a VM-wide flag: it
 * applies with the dirty ring too) it first tries an eager split of the range — the TDP MMU
 * only, and only with `eager_page_split` — then write-protects the 2M leaves covering the
 * first and the last gfn, clearing MW and ignoring the result (spec §10.1); then it
 * re-protects each gfn's 4K SPTE for dirty logging.
 */
import { PG_LEVEL_2M } from '../encoding/constants.js';
import type { OperationName } from '../ports/flush-policy.js';
import { reprotectForDirtyLog } from './dirty-log-reprotect.js';
import type { PendingFlushes } from './flush-executor.js';
import type { KvmVm, OperationSummary } from './kvm-vm.js';
import { LOCK_WRITE } from './mmu-lock.js';
import { splitHugeLeaves } from './operations/split-huge-page.js';

/** `kvm_dirty_log_manual_protect_and_init_set`: the VM asked for manual protect and init-set. */
export function initSetMode(vm: KvmVm): boolean {
  return vm.memslot.manualProtect && vm.memslot.initiallySet;
}

/**
 * Whether the hook's eager split would find a huge leaf in [first, last] and so drop
 * `mmu_lock` to allocate a page table (`tdp_mmu_split_huge_pages_root`, spec §3.9): the caller
 * releases and retakes the lock before calling `enableLogDirtyPtMasked`.
 * `kvm_mmu_try_split_huge_pages` returns at once without the TDP MMU (spec §10.1).
 */
export function initSetSplitDropsLock(vm: KvmVm, first: number, last: number): boolean {
  if (!initSetMode(vm)) return false;
  if (vm.config.mmu !== 'tdp' || vm.memslot.eagerSplit === 'off') return false;
  return vm.store.leafLevel(first) >= PG_LEVEL_2M || vm.store.leafLevel(last) >= PG_LEVEL_2M;
}

/** The split's lock drop (`tdp_mmu_split_huge_pages_root`): a release like any other. */
export function dropLockForSplit(
  vm: KvmVm,
  actor: number,
  op: OperationName,
  summary: OperationSummary,
  pending: PendingFlushes,
): void {
  vm.releaseLock(
    LOCK_WRITE,
    actor,
    op,
    summary,
    pending,
    'unlock (eager split allocates page tables)',
    -1,
    op,
    'tdp_mmu_split_huge_pages_root',
  );
}

/**
 * The hook for `gfns` (ascending, the set bits of one mask; at most 64 apart). The summary's
 * `reaped` is the caller's: the hook changes SPTEs only.
 */
export function enableLogDirtyPtMasked(
  vm: KvmVm,
  actor: number,
  op: OperationName,
  gfns: readonly number[],
  pending: PendingFlushes,
  summary: OperationSummary,
): void {
  if (gfns.length === 0) return;
  if (initSetMode(vm)) {
    const first = gfns[0]!;
    const last = gfns[gfns.length - 1]!;
    // TDP MMU only; a split that fails (`eager_page_split=fails`: -ENOMEM) leaves the 2M leaf.
    splitHugeLeaves(vm, actor, op, first, last + 1, pending, summary);
    // Both ends, the second only when the mask crosses into another 2M region. A policy may
    // keep MW here (FlushPolicy.kvmBehaviour: fix 2 of the finding).
    const ptProtect = vm.policy.policy.kvmBehaviour?.initSetHugeWriteProtect !== 'keep-mw';
    hugeWriteProtect(vm, actor, op, first, ptProtect, pending, summary);
    if (first >>> 9 !== last >>> 9)
      hugeWriteProtect(vm, actor, op, last, ptProtect, pending, summary);
  }
  for (const gfn of gfns) reprotectForDirtyLog(vm, actor, op, gfn, pending, summary);
}

/** `kvm_mmu_slot_gfn_write_protect(..., PG_LEVEL_2M)` for one gfn: huge leaves only. */
function hugeWriteProtect(
  vm: KvmVm,
  actor: number,
  op: OperationName,
  gfn: number,
  ptProtect: boolean,
  pending: PendingFlushes,
  summary: OperationSummary,
): void {
  const level = vm.store.leafLevel(gfn);
  if (level < PG_LEVEL_2M) return;
  vm.writeProtectLeaf(
    actor,
    op,
    'init_set_huge_write_protect',
    level,
    gfn,
    ptProtect,
    pending,
    summary,
  );
}
