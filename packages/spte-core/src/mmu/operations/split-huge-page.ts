/**
 * Eager huge-page split (spec §3.9): every 2M leaf in [start, end) becomes a table of 512 4K
 * leaves made by `make_small_spte`, which inherit W, D, A, MW and HW, so translations stay
 * equivalent and the TDP MMU does not flush. `eager_page_split=fails` models the allocation
 * failure that leaves the huge leaf in place (spec §10.1).
 */
import type { OperationName } from '../../ports/flush-policy.js';
import type { PendingFlushes } from '../flush-executor.js';
import type { KvmVm, OperationSummary } from '../kvm-vm.js';

const scratch = new Uint32Array(2);

/** Splits the 2M leaves covering [start, end); returns how many it split. */
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
  if (mode === 'off') return 0;
  let split = 0;
  for (let region = start >>> 9; region * 512 < end; region++) {
    const base = region * 512;
    if (vm.store.leafLevel(base) !== 2) continue;
    if (mode === 'fails') {
      vm.events.milestone(
        actor,
        op,
        'eager split: page-table allocation failed; 2M leaf kept',
        base,
      );
      continue;
    }
    const hugeLo = vm.store.readLo(2, base);
    const hugeHi = vm.store.readHi(2, base);
    for (let i = 0; i < 512 && base + i < vm.config.gfns; i++) {
      vm.ops.makeSmall(hugeLo, hugeHi, i, scratch);
      vm.store.write(1, base + i, scratch[0]!, scratch[1]!);
    }
    vm.ops.makeNonLeaf(scratch);
    vm.changeLeaf(
      actor,
      op,
      'split_huge_page',
      2,
      base,
      scratch[0]!,
      scratch[1]!,
      pending,
      summary,
    );
    split++;
  }
  return split;
}
