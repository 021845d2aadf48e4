/**
 * KVM_CLEAR_DIRTY_LOG with manual protect (spec §4.4, `kvm_clear_dirty_log_protect`): under
 * `mmu_lock` (write), clear the requested bits that were really set and re-protect those gfns
 * through `kvm_arch_mmu_enable_log_dirty_pt_masked` (spec §3.6). With initially-set, that first
 * tries an eager split of the TDP MMU's huge leaves — whose page-table allocation drops and
 * retakes `mmu_lock` (`tdp_mmu_alloc_sp_for_split`) — then write-protects the 2M leaves left
 * covering the range, clearing MW (spec §3.6, §10.1). Then drop the lock, flush if any bit was
 * cleared, and return: the VMM copies those pages.
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
const PC_SPLIT_RELOCK = 2;
const PC_PROTECT = 3;
const PC_UNLOCK = 4;
const PC_FLUSH = 5;
const PC_RETURN = 6;

export class ClearDirtyLogOp implements Operation {
  readonly name = 'clear_dirty_log' as const;
  readonly actor = ACTOR_VMM;
  private pc = PC_LOCK;
  private word: number;
  private synced = false;
  /** The word being re-protected: its first gfn and the bits really cleared. */
  private base = 0;
  private bits = 0;
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
          this.bits = vm.memslot.clearWordBits(this.word, 0xffffffff);
          this.base = this.word * 32;
          this.word++;
          if (this.bits === 0) continue;
          if (this.splitWanted()) {
            // The split allocates page tables with mmu_lock dropped (a release like any other).
            vm.releaseLock(
              LOCK_WRITE,
              this.actor,
              this.name,
              this.summary,
              this.pending,
              'unlock (eager split allocates page tables)',
            );
            this.pc = PC_SPLIT_RELOCK;
            return STEP_RUNNING;
          }
          this.reprotect();
          if (vm.config.fineSteps && this.word < this.endWord) return STEP_RUNNING;
        }
        this.pc = PC_UNLOCK;
        return STEP_RUNNING;
      case PC_SPLIT_RELOCK:
        if (!vm.acquireLock(LOCK_WRITE, this.actor, this.name)) return STEP_BLOCKED;
        this.pc = PC_PROTECT;
        return STEP_RUNNING;
      case PC_PROTECT: {
        const [first, last] = this.range();
        splitHugeLeaves(vm, this.actor, this.name, first, last + 1, this.pending, this.summary);
        this.reprotect();
        this.pc = this.word < this.endWord ? PC_CLEAR : PC_UNLOCK;
        return STEP_RUNNING;
      }
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

  /** The first and last gfn of the current word's cleared bits. */
  private range(): [number, number] {
    const { base, bits } = this;
    return [base + (31 - Math.clz32(bits & -bits)), base + (31 - Math.clz32(bits))];
  }

  /**
   * The init-set path tries an eager split first (spec §3.6 step 1): only the TDP MMU splits
   * here (spec §10.1), only with eager_page_split, and only when a huge leaf covers the range.
   */
  private splitWanted(): boolean {
    const vm = this.vm;
    if (!vm.memslot.manualProtect || !vm.memslot.initiallySet) return false;
    if (vm.config.mmu !== 'tdp' || vm.memslot.eagerSplit === 'off') return false;
    const [first, last] = this.range();
    return vm.store.leafLevel(first) >= PG_LEVEL_2M || vm.store.leafLevel(last) >= PG_LEVEL_2M;
  }

  /** `kvm_arch_mmu_enable_log_dirty_pt_masked` for the current word, after any split (§3.6). */
  private reprotect(): void {
    const vm = this.vm;
    const { base, bits } = this;
    if (vm.memslot.manualProtect && vm.memslot.initiallySet) {
      // spec §3.6 step 1: write-protect the 2M leaves left covering the first and last gfn (MW
      // cleared, return value ignored; the flush is the caller's, after the unlock).
      const [first, last] = this.range();
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
