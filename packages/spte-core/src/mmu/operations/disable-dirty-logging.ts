/**
 * Disabling dirty logging (spec §4.2 end, §3.9): huge pages become possible again.
 * v6.13 (`kvm_mmu_recover_huge_pages`, TDP MMU): each table of 512 present 4K leaves over one
 * huge host page is replaced in place by a 2M leaf (`make_huge_spte`); one memslot flush if
 * anything changed. v6.12 (`kvm_mmu_zap_collapsible_sptes`, TDP): each such table is zapped,
 * with a flush per zap; the next faults map 2M leaves.
 */
import { ACTOR_VMM } from '../actors.js';
import { PendingFlushes } from '../flush-executor.js';
import { type KvmVm, OperationSummary } from '../kvm-vm.js';
import { type Operation, STEP_BLOCKED, STEP_DONE, STEP_RUNNING } from './operation.js';

const PC_FLAGS = 0;
const PC_LOCK = 1;
const PC_RECOVER = 2;
const PC_UNLOCK = 3;

export class DisableDirtyLoggingOp implements Operation {
  readonly name = 'disable_dirty_logging' as const;
  readonly actor = ACTOR_VMM;
  private pc = PC_FLAGS;
  private readonly pending = new PendingFlushes();
  private readonly summary = new OperationSummary();
  private readonly scratch = new Uint32Array(2);

  constructor(private readonly vm: KvmVm) {}

  step(): number {
    const vm = this.vm;
    switch (this.pc) {
      case PC_FLAGS:
        vm.memslot.dirtyLogging = false;
        this.pc = PC_LOCK;
        return STEP_RUNNING;
      case PC_LOCK:
        if (!vm.acquireLock(vm.faultLockMode, this.actor, this.name)) return STEP_BLOCKED;
        this.pc = PC_RECOVER;
        return STEP_RUNNING;
      case PC_RECOVER:
        for (let base = 0; base + 512 <= vm.config.gfns; base += 512) this.recover(base);
        this.pc = PC_UNLOCK;
        return STEP_RUNNING;
      default:
        vm.releaseLock(vm.faultLockMode, this.actor, this.name, this.summary, this.pending);
        return STEP_DONE;
    }
  }

  private recover(base: number): void {
    const { vm, scratch } = this;
    if (vm.maxMappingLevel(base) < 2) return;
    for (let g = base; g < base + 512; g++) {
      if (vm.store.leafLevel(g) !== 1) return;
    }
    const childLo = vm.store.readLo(1, base);
    const childHi = vm.store.readHi(1, base);
    vm.ops.makeNonLeaf(scratch);
    vm.store.write(2, base, scratch[0]!, scratch[1]!);
    for (let g = base; g < base + 512; g++)
      vm.store.write(1, g, vm.ops.nonPresentLo, vm.ops.nonPresentHi);
    if (vm.config.kernel === 'v6.13') {
      vm.ops.makeHuge(childLo, childHi, 2, scratch);
      vm.changeLeaf(
        this.actor,
        this.name,
        'recover_huge_pages',
        2,
        base,
        scratch[0]!,
        scratch[1]!,
        this.pending,
        this.summary,
      );
    } else {
      this.summary.zapped++;
      vm.changeLeaf(
        this.actor,
        this.name,
        'zap_collapsible_spte',
        2,
        base,
        vm.ops.nonPresentLo,
        vm.ops.nonPresentHi,
        this.pending,
        this.summary,
      );
    }
  }
}
