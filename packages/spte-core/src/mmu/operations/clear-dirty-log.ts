/**
 * KVM_CLEAR_DIRTY_LOG with manual protect (spec §4.4, `kvm_clear_dirty_log_protect`): under
 * `mmu_lock` (write), for each 64-bit bitmap word (`BITS_PER_LONG`), clear the requested bits
 * that were really set and hand those gfns to the x86 hook
 * (`kvm_arch_mmu_enable_log_dirty_pt_masked`, spec §3.6). With initially-set, the hook's eager
 * split drops and retakes `mmu_lock` to allocate a page table (`tdp_mmu_split_huge_pages_root`)
 * before it write-protects the 2M leaves left covering the word, clearing MW (spec §10.1).
 * Then drop the lock (`KVM_MMU_UNLOCK`), flush if any bit was cleared, and return: the VMM
 * copies those pages.
 */
import { ACTOR_VMM } from '../actors.js';
import { BITS_PER_LONG } from '../memslot.js';
import {
  dropLockForSplit,
  enableLogDirtyPtMasked,
  initSetSplitDropsLock,
} from '../enable-log-dirty-pt-masked.js';
import { PendingFlushes } from '../flush-executor.js';
import { type KvmVm, OperationSummary } from '../kvm-vm.js';
import { LOCK_WRITE } from '../mmu-lock.js';
import { type Operation, STEP_BLOCKED, STEP_DONE, STEP_RUNNING } from './operation.js';

const PC_LOCK = 0;
const PC_CLEAR = 1;
const PC_SPLIT_RELOCK = 2;
const PC_PROTECT = 3;
const PC_UNLOCK = 4;
const PC_FLUSH = 5;
const PC_RETURN = 6;

export class ClearDirtyLogOp implements Operation {
  readonly name = 'clear_dirty_log' as const;
  readonly actor = ACTOR_VMM;
  private pc = PC_LOCK;
  /** The next 64-bit bitmap word. */
  private word: number;
  private synced = false;
  /** The current word's gfns whose bits were really cleared, ascending (the hook's mask). */
  private readonly mask: number[] = [];
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
    if (firstGfn % BITS_PER_LONG !== 0)
      throw new RangeError(`CLEAR_DIRTY_LOG: first_page ${firstGfn} is not 64-aligned`);
    this.word = firstGfn / BITS_PER_LONG;
    this.endWord = Math.min(vm.memslot.longs, Math.ceil((firstGfn + count) / BITS_PER_LONG));
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
          this.mask.length = 0;
          if (vm.memslot.takeLong(this.word++, this.mask) === 0) continue;
          const first = this.mask[0]!;
          const last = this.mask[this.mask.length - 1]!;
          if (initSetSplitDropsLock(vm, first, last)) {
            dropLockForSplit(vm, this.actor, this.name, this.summary, this.pending);
            this.pc = PC_SPLIT_RELOCK;
            return STEP_RUNNING;
          }
          this.reprotect();
          if (this.word < this.endWord && vm.fineStepAfter(first, last)) return STEP_RUNNING;
        }
        this.pc = PC_UNLOCK;
        return STEP_RUNNING;
      case PC_SPLIT_RELOCK:
        if (!vm.acquireLock(LOCK_WRITE, this.actor, this.name)) return STEP_BLOCKED;
        this.pc = PC_PROTECT;
        return STEP_RUNNING;
      case PC_PROTECT:
        this.reprotect();
        this.pc = this.word < this.endWord ? PC_CLEAR : PC_UNLOCK;
        return STEP_RUNNING;
      case PC_UNLOCK:
        vm.releaseLock(
          LOCK_WRITE,
          this.actor,
          this.name,
          this.summary,
          this.pending,
          'unlock',
          -1,
          this.name,
          'kvm_clear_dirty_log_protect',
        );
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

  /** The hook for the current word, after any split (spec §3.6); the bits count as reaped. */
  private reprotect(): void {
    enableLogDirtyPtMasked(this.vm, this.actor, this.name, this.mask, this.pending, this.summary);
    for (const gfn of this.mask) this.cleared.push(gfn);
    this.summary.reaped += this.mask.length;
  }
}
