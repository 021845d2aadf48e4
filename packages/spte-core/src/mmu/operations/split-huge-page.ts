/**
 * Splitting a 2M leaf into a page table of 512 4K leaves made by `make_small_spte`
 * (`make_huge_page_split_spte` in 6.12), which inherit W, D, A, MW and HW, so translations stay
 * equivalent and the TDP MMU does not flush (`tdp_mmu_split_huge_page`, spec §3.9, §12.1).
 * Used by the eager split when logging starts (`kvm_mmu_slot_try_split_huge_pages`), by
 * init-set CLEAR_DIRTY_LOG (`kvm_mmu_try_split_huge_pages`) and by a TDP fault that meets a
 * huge leaf above its goal level (`kvm_tdp_mmu_map`). The eager splits exist only with the TDP
 * MMU; `eager_page_split=fails` models the allocation failure that leaves the leaf in place
 * (spec §10.1).
 */
import type { OperationName } from '../../ports/flush-policy.js';
import type { PendingFlushes } from '../flush-executor.js';
import type { KvmVm, OperationSummary } from '../kvm-vm.js';

const scratch = new Uint32Array(2);

/** The base gfn of the first 2M region at or after `from` (below `end`) mapped by a 2M leaf, or -1. */
export function nextHugeLeaf(vm: KvmVm, from: number, end: number): number {
  for (let region = from >>> 9; region * 512 < end; region++) {
    if (vm.store.leafLevel(region * 512) === 2) return region * 512;
  }
  return -1;
}

/** Replaces the 2M leaf at `base` with a table of its 512 children (no flush of its own). */
export function splitHugeLeaf(
  vm: KvmVm,
  actor: number,
  op: OperationName,
  base: number,
  pending: PendingFlushes,
  summary: OperationSummary,
): void {
  const hugeLo = vm.store.readLo(2, base);
  const hugeHi = vm.store.readHi(2, base);
  for (let i = 0; i < 512 && base + i < vm.config.gfns; i++) {
    vm.ops.makeSmall(hugeLo, hugeHi, i, scratch);
    vm.store.write(1, base + i, scratch[0]!, scratch[1]!);
  }
  vm.ops.makeNonLeaf(scratch);
  vm.changeLeaf(actor, op, 'split_huge_page', 2, base, scratch[0]!, scratch[1]!, pending, summary);
}

/**
 * The init-set CLEAR_DIRTY_LOG split of the 2M leaves covering [start, end)
 * (`kvm_mmu_try_split_huge_pages`, TDP MMU only); returns how many it split. The caller has
 * already dropped and retaken `mmu_lock` for the allocation.
 */
export function splitHugeLeaves(
  vm: KvmVm,
  actor: number,
  op: OperationName,
  start: number,
  end: number,
  pending: PendingFlushes,
  summary: OperationSummary,
): number {
  const mode = vm.memslot.eagerSplit;
  if (mode === 'off' || vm.config.mmu !== 'tdp') return 0;
  let split = 0;
  for (
    let base = nextHugeLeaf(vm, start, end);
    base >= 0;
    base = nextHugeLeaf(vm, base + 512, end)
  ) {
    if (mode === 'fails') {
      vm.events.milestone(
        actor,
        op,
        'eager split: page-table allocation failed; 2M leaf kept',
        base,
      );
      return split;
    }
    splitHugeLeaf(vm, actor, op, base, pending, summary);
    split++;
  }
  return split;
}
