/**
 * MMU-notifier aging (spec §3.7): `clear_flush_young`, `clear_young` and `test_young` on a gfn
 * range, under `mmu_lock` for write (the v6.12/v6.13 TDP and rmap paths). Each accessed leaf is
 * young; unless only testing, A is cleared (A/D enabled) or the SPTE is marked for access
 * tracking (A/D disabled: RWX saved and cleared, MW kept). Whether anything flushes is the
 * policy's answer at the lock release (v6.12 flushes `clear_flush_young` when young).
 */
import { ACTOR_HOST_MM } from '../actors.js';
import { PendingFlushes } from '../flush-executor.js';
import { type KvmVm, OperationSummary } from '../kvm-vm.js';
import { LOCK_WRITE } from '../mmu-lock.js';
import { type Operation, STEP_BLOCKED, STEP_DONE, STEP_RUNNING } from './operation.js';

export type AgingKind = 'clear_flush_young' | 'clear_young' | 'test_young';

const PC_LOCK = 0;
const PC_AGE = 1;
const PC_UNLOCK = 2;

export class AgeGfnRangeOp implements Operation {
  readonly actor = ACTOR_HOST_MM;
  private pc = PC_LOCK;
  private gfn: number;
  private readonly start: number;
  private readonly end: number;
  private readonly pending = new PendingFlushes();
  readonly summary = new OperationSummary();
  private readonly scratch = new Uint32Array(2);

  constructor(
    private readonly vm: KvmVm,
    readonly name: AgingKind,
    start: number,
    count: number,
  ) {
    this.gfn = this.start = start;
    this.end = Math.min(vm.config.gfns, start + count);
  }

  step(): number {
    const vm = this.vm;
    switch (this.pc) {
      case PC_LOCK:
        if (!vm.acquireLock(LOCK_WRITE, this.actor, this.name)) return STEP_BLOCKED;
        this.pc = PC_AGE;
        return STEP_RUNNING;
      case PC_AGE:
        while (this.gfn < this.end) {
          const gfn = this.gfn++;
          if (this.age(gfn) && this.gfn < this.end && vm.fineStepAfter(gfn)) return STEP_RUNNING;
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
          `unlock (${this.summary.young} young)`,
        );
        return STEP_DONE;
    }
  }

  /** Ages the 4K leaf of one gfn; huge leaves are aged once, at their first gfn. */
  private age(gfn: number): boolean {
    const { vm } = this;
    const level = vm.store.leafLevel(gfn);
    if (level === 0) return false;
    if (level > 1 && gfn !== this.start && gfn % 2 ** (9 * (level - 1)) !== 0) return false;
    const lo = vm.store.readLo(level, gfn);
    const hi = vm.store.readHi(level, gfn);
    if (!vm.ops.isAccessed(lo, hi)) return false;
    this.summary.young++;
    if (this.name === 'test_young') return false;
    vm.ops.markForAccessTrack(lo, hi, this.scratch);
    if (this.scratch[0] === lo && this.scratch[1] === hi) return false;
    vm.changeLeaf(
      this.actor,
      this.name,
      'kvm_age_gfn',
      level,
      gfn,
      this.scratch[0]!,
      this.scratch[1]!,
      this.pending,
      this.summary,
    );
    return true;
  }
}
