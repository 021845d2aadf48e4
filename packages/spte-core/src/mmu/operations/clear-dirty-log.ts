/**
 * KVM_CLEAR_DIRTY_LOG with manual protect (spec §4.4, `kvm_clear_dirty_log_protect`): under
 * `mmu_lock` (write), clear the requested bits that were really set and re-protect those gfns
 * through `kvm_arch_mmu_enable_log_dirty_pt_masked` (spec §3.6). With initially-set, that first
 * write-protects the 2M leaves covering the range, clearing MW (spec §3.6, §10.1). Then drop
 * the lock, flush if any bit was cleared, and return: the VMM copies those pages.
 */
import { PG_LEVEL_2M } from '../../encoding/constants.js';
import { ACTOR_VMM } from '../actors.js';
import { PendingFlushes } from '../flush-executor.js';
import { type KvmVm, OperationSummary } from '../kvm-vm.js';
import { LOCK_WRITE } from '../mmu-lock.js';
import { reprotectForDirtyLog } from '../dirty-log-reprotect.js';
import { type Operation, STEP_BLOCKED, STEP_DONE, STEP_RUNNING } from './operation.js';
import { splitHugeLeaves } from './split-huge-page.js';

const PC_LOCK = 0;
const PC_CLEAR = 1;
const PC_UNLOCK = 2;
const PC_FLUSH = 3;
const PC_RETURN = 4;

export class ClearDirtyLogOp implements Operation {
  readonly name = 'clear_dirty_log' as const;
  readonly actor = ACTOR_VMM;
  private pc = PC_LOCK;
  private word: number;
  private synced = false;
  private readonly endWord: number;
  /** The gfns whose bits this call cleared: the VMM copies them once it returns. */
  readonly cleared: number[] = [];
  private readonly pending = new PendingFlushes();
  private readonly summary = new OperationSummary();

  /** Clears [firstGfn, firstGfn + count); `firstGfn` must be 64-aligned as the kernel checks. */
  constructor(
    private readonly vm: KvmVm,
    firstGfn: number,
    count: number,
  ) {
    if (firstGfn % 64 !== 0)
      throw new RangeError(`CLEAR_DIRTY_LOG: first_page ${firstGfn} is not 64-aligned`);
    this.word = firstGfn >>> 5;
    this.endWord = Math.min(vm.memslot.dirtyBitmap.length, Math.ceil((firstGfn + count) / 32));
  }

  step(): number {
    const vm = this.vm;
    switch (this.pc) {
      case PC_LOCK:
        if (!this.synced) {
          // kvm_arch_sync_dirty_log (spec §4.4 step 2): with PML, kick the vCPUs to drain it.
          if (vm.memslot.pml) vm.flushes.kickAll(this.actor, this.name);
          this.synced = true;
        }
        if (!vm.acquireLock(LOCK_WRITE, this.actor, this.name)) return STEP_BLOCKED;
        this.pc = PC_CLEAR;
        return STEP_RUNNING;
      case PC_CLEAR:
        while (this.word < this.endWord) {
          const bits = vm.memslot.clearWordBits(this.word, 0xffffffff);
          const base = this.word * 32;
          this.word++;
          if (bits === 0) continue;
          this.reprotect(base, bits);
          if (vm.config.fineSteps && this.word < this.endWord) return STEP_RUNNING;
        }
        this.pc = PC_UNLOCK;
        return STEP_RUNNING;
      case PC_UNLOCK:
        vm.releaseLock(LOCK_WRITE, this.actor, this.name, this.summary, this.pending);
        this.pc = PC_FLUSH;
        return STEP_RUNNING;
      case PC_FLUSH:
        // spec §4.4 step 5: "if (flush) kvm_flush_remote_tlbs_memslot", after the unlock.
        vm.flushPoint('ioctl-return', this.name, this.actor, this.summary, this.pending);
        this.pc = PC_RETURN;
        return STEP_RUNNING;
      default:
        vm.events.milestone(this.actor, this.name, `return (${this.cleared.length} cleared)`, -1);
        vm.events.harvested(this.cleared);
        return STEP_DONE;
    }
  }

  /** `kvm_arch_mmu_enable_log_dirty_pt_masked` for one word's cleared bits (spec §3.6). */
  private reprotect(base: number, bits: number): void {
    const vm = this.vm;
    if (vm.memslot.manualProtect && vm.memslot.initiallySet) {
      // spec §3.6 step 1: try an eager split of the range, then write-protect the 2M leaves
      // covering the first and last gfn (MW cleared, return value ignored; the flush is the
      // caller's, after the unlock).
      const first = base + (31 - Math.clz32(bits & -bits));
      const last = base + (31 - Math.clz32(bits));
      // kvm_mmu_try_split_huge_pages splits only TDP MMU mappings (spec §10.1).
      if (vm.config.mmu === 'tdp')
        splitHugeLeaves(vm, this.actor, this.name, first, last + 1, this.pending, this.summary);
      // A policy may keep MW here (FlushPolicy.kvmBehaviour, the candidate fix of §10.1).
      const ptProtect = vm.policy.policy.kvmBehaviour?.initSetHugeWriteProtect !== 'keep-mw';
      for (const gfn of first >>> 9 === last >>> 9 ? [first] : [first, last]) {
        if (vm.store.leafLevel(gfn) >= PG_LEVEL_2M) {
          vm.writeProtectLeaf(
            this.actor,
            this.name,
            'init_set_huge_write_protect',
            vm.store.leafLevel(gfn),
            gfn,
            ptProtect,
            this.pending,
            this.summary,
          );
        }
      }
    }
    for (let b = 0; b < 32; b++) {
      if ((bits & (1 << b)) === 0) continue;
      const gfn = base + b;
      this.cleared.push(gfn);
      this.summary.reaped++;
      reprotectForDirtyLog(vm, this.actor, this.name, gfn, this.pending, this.summary);
    }
  }
}
