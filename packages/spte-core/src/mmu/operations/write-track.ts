/**
 * `kvm_write_track_add_gfn` / `kvm_write_track_remove_gfn` from an external tracker such as
 * KVMGT (spec §5): srcu and `mmu_lock` for write (not slots_lock). Adding bumps the count,
 * write-protects every leaf mapping the gfn with pt_protect (W and MW cleared) and flushes
 * before dropping the lock if that changed anything; removing only drops the count.
 */
import { ACTOR_TRACKER } from '../actors.js';
import { PendingFlushes } from '../flush-executor.js';
import { type KvmVm, OperationSummary } from '../kvm-vm.js';
import { LOCK_WRITE } from '../mmu-lock.js';
import { type Operation, STEP_BLOCKED, STEP_DONE, STEP_RUNNING } from './operation.js';

const PC_LOCK = 0;
const PC_UPDATE = 1;
const PC_UNLOCK = 2;

export class WriteTrackOp implements Operation {
  readonly name: 'kvm_write_track_add_gfn' | 'kvm_write_track_remove_gfn';
  readonly actor = ACTOR_TRACKER;
  private pc = PC_LOCK;
  private readonly pending = new PendingFlushes();
  private readonly summary = new OperationSummary();

  constructor(
    private readonly vm: KvmVm,
    readonly gfn: number,
    readonly add: boolean,
    /** Called when the operation returns to the tracker (the oracle starts or stops watching). */
    private readonly onReturn: (gfn: number, add: boolean) => void = () => {},
  ) {
    this.name = add ? 'kvm_write_track_add_gfn' : 'kvm_write_track_remove_gfn';
  }

  step(): number {
    const vm = this.vm;
    switch (this.pc) {
      case PC_LOCK:
        if (!vm.acquireLock(LOCK_WRITE, this.actor, this.name, 'lock', this.gfn))
          return STEP_BLOCKED;
        this.pc = PC_UPDATE;
        return STEP_RUNNING;
      case PC_UPDATE:
        if (this.add) this.protect();
        else if (vm.memslot.writeTrack[this.gfn]! > 0) {
          vm.memslot.writeTrack[this.gfn]!--;
          vm.memslot.disallowLpage[this.gfn >>> 9]!--; // kvm_mmu_gfn_allow_lpage
        }
        this.pc = PC_UNLOCK;
        return STEP_RUNNING;
      default:
        vm.releaseLock(
          LOCK_WRITE,
          this.actor,
          this.name,
          this.summary,
          this.pending,
          'unlock; return',
          this.gfn,
        );
        this.onReturn(this.gfn, this.add);
        return STEP_DONE;
    }
  }

  /** Steps 1–4 of `__kvm_write_track_add_gfn` (spec §5); the flush is the policy's answer. */
  private protect(): void {
    const { vm, gfn } = this;
    if (vm.memslot.writeTrack[gfn]! < 0xffff) vm.memslot.writeTrack[gfn]!++;
    vm.memslot.disallowLpage[gfn >>> 9]!++; // kvm_mmu_gfn_disallow_lpage: counts, zaps nothing
    const level = vm.store.leafLevel(gfn);
    if (level === 0) {
      vm.events.milestone(
        this.actor,
        this.name,
        'no SPTE maps the gfn: nothing to write-protect',
        gfn,
      );
      return;
    }
    const changed = vm.writeProtectLeaf(
      this.actor,
      this.name,
      'kvm_write_track_add_gfn',
      level,
      gfn,
      true,
      this.pending,
      this.summary,
    );
    this.summary.kernelFlushFlag ||= changed;
    if (!changed) {
      // spec §5 step 4: kvm_mmu_slot_gfn_write_protect() found W=0 and MW=0 and returns false.
      vm.events.milestone(
        this.actor,
        this.name,
        `L${level} SPTE already W=0 MW=0: write-protect returns false, so no flush`,
        gfn,
      );
    }
  }
}
