/**
 * `kvm_mmu_zap_all_fast` (memslot delete or move, MMIO generation wrap; spec §3.8): every root
 * becomes obsolete and every vCPU is kicked to load a new root, which flushes its TLB locally
 * (`kvm_mmu_load` → `flush_tlb_current`, no `tlb_flush` stat); the TDP MMU then zaps the old
 * roots with no remote flush of its own, while the shadow MMU's `kvm_zap_obsolete_pages`
 * commits its zapped pages with `kvm_mmu_commit_zap_page`, which flushes (spec §12.10: the
 * operation's kernel flag). The root reload is not a policy decision: the model always
 * performs it.
 */
import { ACTOR_VMM } from '../actors.js';
import { PendingFlushes } from '../flush-executor.js';
import { type KvmVm, OperationSummary } from '../kvm-vm.js';
import { LOCK_WRITE } from '../mmu-lock.js';
import { type Operation, STEP_BLOCKED, STEP_DONE, STEP_RUNNING } from './operation.js';

const PC_LOCK = 0;
const PC_INVALIDATE = 1;
const PC_UNLOCK = 2;

export class ZapAllFastOp implements Operation {
  readonly name = 'zap_all_fast' as const;
  readonly actor = ACTOR_VMM;
  private pc = PC_LOCK;
  private readonly pending = new PendingFlushes();
  private readonly summary = new OperationSummary();

  constructor(private readonly vm: KvmVm) {}

  step(): number {
    const vm = this.vm;
    switch (this.pc) {
      case PC_LOCK:
        if (!vm.acquireLock(LOCK_WRITE, this.actor, this.name)) return STEP_BLOCKED;
        this.pc = PC_INVALIDATE;
        return STEP_RUNNING;
      case PC_INVALIDATE: {
        // KVM_REQ_MMU_FREE_OBSOLETE_ROOTS to every vCPU (kick and wait); each loads a new root.
        // One step with the zap: a kicked vCPU cannot re-enter the guest before it loads a new
        // root, and it never walks the obsolete one again (loading takes mmu_lock, held here),
        // so no vCPU can see the old roots' SPTEs between the kick and their zap.
        vm.flushes.reloadRoots(this.actor, this.name);
        for (let gfn = 0; gfn < vm.config.gfns; gfn++) {
          const level = vm.store.leafLevel(gfn);
          if (level === 0) continue;
          vm.zapLeaf(
            this.actor,
            this.name,
            'kvm_mmu_zap_all_fast',
            level,
            gfn,
            this.pending,
            this.summary,
          );
        }
        // The shadow MMU commits every zapped shadow page, empty page tables too.
        const tables = vm.store.dropTables();
        this.summary.kernelFlushFlag =
          vm.config.mmu === 'shadow' && (this.summary.zapped > 0 || tables);
        this.pc = PC_UNLOCK;
        return STEP_RUNNING;
      }
      default:
        vm.releaseLock(
          LOCK_WRITE,
          this.actor,
          this.name,
          this.summary,
          this.pending,
          `unlock (${this.summary.zapped} zapped)`,
        );
        return STEP_DONE;
    }
  }
}
