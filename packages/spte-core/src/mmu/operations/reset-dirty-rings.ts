/**
 * A dirty-ring harvest (spec §4.5): the VMM reads every vCPU's DIRTY entries and marks them
 * for reset, then calls KVM_RESET_DIRTY_RINGS (`kvm_vm_ioctl_reset_dirty_pages`). For each ring,
 * `kvm_dirty_ring_reset` coalesces the reset entries into batches of gfns less than 64 apart
 * and hands each batch to the same x86 hook as CLEAR_DIRTY_LOG
 * (`kvm_reset_dirty_gfn` → `kvm_arch_mmu_enable_log_dirty_pt_masked`, spec §3.6), so in
 * initially-set mode it write-protects covering 2M leaves too, clearing MW (issue 18). After
 * *all* rings it flushes VM-wide if any entry was reset. The VMM copies the harvested pages
 * when the ioctl returns.
 *
 * `mmu_lock` is taken and dropped once per coalesced batch, as `kvm_reset_dirty_gfn` does
 * (spec §12.11), so other actors run between the batches of one ring. A flush-free huge
 * write-protect's window lasts until the VM-wide flush after the last ring, across every
 * later lock release.
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

const PC_HARVEST = 0;
const PC_TAKE = 1;
const PC_LOCK = 2;
const PC_PROTECT = 3;
const PC_UNLOCK = 4;
const PC_FLUSH = 5;
const PC_RETURN = 6;
const PC_SPLIT_RELOCK = 7;
const PC_HOOK = 8;
const PC_NEXT_BATCH = 9;

export class ResetDirtyRingsOp implements Operation {
  readonly name = 'reset_dirty_rings' as const;
  readonly actor = ACTOR_VMM;
  private pc = PC_HARVEST;
  private ring = 0;
  /** The current ring's reset entries, in ring order. */
  private readonly batch: number[] = [];
  /** How many of `batch` the coalesced batches handed to the hook so far cover. */
  private next = 0;
  /** The current coalesced batch, ascending (the hook's mask). */
  private readonly mask: number[] = [];
  /** The gfns the VMM harvested: it copies them once the reset returns. */
  readonly harvested: number[] = [];
  private readonly pending = new PendingFlushes();
  private readonly summary = new OperationSummary();

  constructor(private readonly vm: KvmVm) {}

  step(): number {
    const vm = this.vm;
    switch (this.pc) {
      case PC_HARVEST:
        for (const ring of vm.rings) ring.harvest(this.harvested);
        this.pc = PC_TAKE;
        return STEP_RUNNING;
      case PC_TAKE:
        if (this.ring >= vm.rings.length) {
          this.pc = PC_FLUSH;
          return STEP_RUNNING;
        }
        this.batch.length = 0;
        this.next = 0;
        this.summary.reaped += vm.rings[this.ring]!.takeResettable(this.batch);
        if (this.batch.length === 0) this.ring++;
        else this.pc = PC_NEXT_BATCH;
        return STEP_RUNNING;
      case PC_NEXT_BATCH:
        if (this.next >= this.batch.length) {
          this.ring++;
          this.pc = PC_TAKE;
          return STEP_RUNNING;
        }
        this.coalesce();
        this.pc = PC_LOCK;
        return STEP_RUNNING;
      case PC_LOCK:
        if (!vm.acquireLock(LOCK_WRITE, this.actor, this.name, `lock (ring of vcpu${this.ring})`))
          return STEP_BLOCKED;
        this.pc = PC_PROTECT;
        return STEP_RUNNING;
      case PC_PROTECT:
        // kvm_reset_dirty_gfn: one batch under the lock; the hook's eager split may drop it.
        if (initSetSplitDropsLock(vm, this.mask[0]!, this.mask[this.mask.length - 1]!)) {
          dropLockForSplit(vm, this.actor, this.name, this.summary, this.pending);
          this.pc = PC_SPLIT_RELOCK;
          return STEP_RUNNING;
        }
        enableLogDirtyPtMasked(vm, this.actor, this.name, this.mask, this.pending, this.summary);
        this.pc = PC_UNLOCK;
        return STEP_RUNNING;
      case PC_SPLIT_RELOCK:
        if (!vm.acquireLock(LOCK_WRITE, this.actor, this.name)) return STEP_BLOCKED;
        this.pc = PC_HOOK;
        return STEP_RUNNING;
      case PC_HOOK:
        enableLogDirtyPtMasked(vm, this.actor, this.name, this.mask, this.pending, this.summary);
        this.pc = PC_UNLOCK;
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
          'kvm_reset_dirty_gfn',
        );
        this.pc = PC_NEXT_BATCH;
        return STEP_RUNNING;
      case PC_FLUSH:
        // spec §4.5 step 2: one VM-wide flush after all rings, if anything was reset.
        vm.flushPoint('ioctl-return', this.name, this.actor, this.summary, this.pending);
        this.pc = PC_RETURN;
        return STEP_RUNNING;
      default:
        vm.events.milestone(this.actor, this.name, `return (${this.summary.reaped} reset)`, -1);
        vm.events.harvested(this.harvested);
        return STEP_DONE;
    }
  }

  /**
   * The next batch as `kvm_dirty_ring_reset` coalesces it: following entries join while every
   * gfn stays within 64 of the batch's lowest (forwards, or backwards when the mask still
   * fits); the mask is then the batch's gfns, ascending, without repeats.
   */
  private coalesce(): void {
    const mask = this.mask;
    mask.length = 0;
    let low = this.batch[this.next]!;
    let high = low;
    mask.push(low);
    for (this.next++; this.next < this.batch.length; this.next++) {
      const gfn = this.batch[this.next]!;
      if (gfn >= low ? gfn - low >= BITS_PER_LONG : high - gfn >= BITS_PER_LONG) break;
      if (gfn < low) low = gfn;
      if (gfn > high) high = gfn;
      if (!mask.includes(gfn)) mask.push(gfn);
    }
    mask.sort((a, b) => a - b);
  }
}
