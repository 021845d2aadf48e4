/**
 * The vCPU fault path (spec §3.4, §5): page-track check, lockless fast page fault, then the
 * slow path under `mmu_lock` through `make_spte()` and the flavour's install step.
 * Stats follow `kvm_mmu_do_page_fault` (spec §7).
 */
import type { LeafChangeSite } from '../../ports/flush-policy.js';
import { PendingFlushes } from '../flush-executor.js';
import { type KvmVm, OperationSummary } from '../kvm-vm.js';
import {
  FAST_PF_FIXED,
  FAST_PF_MARK_DIRTY,
  FAST_PF_OUTCOME_MASK,
  FAST_PF_SPURIOUS,
} from '../../encoding/fast-page-fault.js';
import { MAKE_SPTE_MARK_DIRTY, MAKE_SPTE_WRPROT } from '../../encoding/make-spte.js';
import { ACCESS_WRITE } from '../spte-ops.js';
import { PG_LEVEL_4K } from '../../encoding/constants.js';
import { type Operation, STEP_BLOCKED, STEP_DONE, STEP_RUNNING } from './operation.js';

const PC_START = 0;
const PC_LOCK = 1;
const PC_MAP = 2;
const PC_UNLOCK = 3;

export class PageFaultOp implements Operation {
  readonly name = 'page_fault' as const;
  private pc = PC_START;
  /** KVM emulated the faulting write: the guest instruction is done and is not retried. */
  emulated = false;
  /** The fault was resolved by the lockless fast path (for the cost model). */
  fast = false;
  private readonly pending = new PendingFlushes();
  private readonly summary = new OperationSummary();
  private readonly scratch = new Uint32Array(2);

  constructor(
    private readonly vm: KvmVm,
    readonly actor: number,
    private readonly gfn: number,
    private readonly access: number,
  ) {}

  step(): number {
    switch (this.pc) {
      case PC_START:
        return this.start();
      case PC_LOCK:
        if (!this.vm.acquireLock(this.vm.faultLockMode, this.actor, this.name, 'lock', this.gfn))
          return STEP_BLOCKED;
        this.pc = PC_MAP;
        return STEP_RUNNING;
      case PC_MAP:
        this.map();
        this.pc = PC_UNLOCK;
        return STEP_RUNNING;
      default:
        this.vm.releaseLock(
          this.vm.faultLockMode,
          this.actor,
          this.name,
          this.summary,
          this.pending,
          'unlock',
          this.gfn,
        );
        return STEP_DONE;
    }
  }

  /** Page-track check, then the lockless fast path when it may apply. */
  private start(): number {
    const { vm, gfn, actor } = this;
    vm.stats.pf_taken++;
    const write = this.access === ACCESS_WRITE;
    // spec §3.4 page_fault_handle_page_track: write-tracked gfns are emulated, never mapped W.
    if (write && vm.memslot.isWriteTracked(gfn)) {
      this.emulate('write-tracked: emulate');
      return STEP_DONE;
    }
    const level = vm.store.leafLevel(gfn);
    // spec §3.4 page_fault_can_be_fast: present faults only for writes; non-present faults
    // only without hardware A/D (the SPTE may be access-tracked).
    const present = level !== 0;
    // Never for indirect shadow pages (spec §3.4).
    const canBeFast = !vm.config.indirect && (present ? write : !vm.ops.adEnabled);
    if (canBeFast && present) {
      const lo = vm.store.readLo(level, gfn);
      const hi = vm.store.readHi(level, gfn);
      const r = vm.ops.fastPageFault(
        lo,
        hi,
        level,
        this.access,
        vm.memslot.dirtyLogging,
        this.scratch,
      );
      if ((r & FAST_PF_OUTCOME_MASK) === FAST_PF_SPURIOUS) {
        this.fast = true;
        vm.stats.pf_fast++;
        vm.stats.pf_spurious++;
        vm.events.milestone(actor, this.name, 'fast: spurious', gfn);
        return STEP_DONE;
      }
      if ((r & FAST_PF_OUTCOME_MASK) === FAST_PF_FIXED) {
        this.fast = true;
        vm.stats.pf_fast++;
        vm.stats.pf_fixed++;
        this.install('fast_pf_fix_direct_spte', level, this.scratch[0]!, this.scratch[1]!);
        if (r & FAST_PF_MARK_DIRTY) vm.markPageDirty(gfn, this.actor);
        vm.events.milestone(actor, this.name, 'fast: fixed', gfn);
        return STEP_DONE;
      }
    }
    vm.events.milestone(
      actor,
      this.name,
      canBeFast ? 'fast page fault gave up: slow path' : 'no fast path here: slow path',
      gfn,
    );
    this.pc = PC_LOCK;
    return STEP_RUNNING;
  }

  /** The slow path's mapping step (make_spte + install), under mmu_lock. */
  private map(): void {
    const { vm, gfn } = this;
    // mmu_invalidate_retry_gfn (spec §3.8): an invalidation of this gfn is in progress, so the
    // pfn may be stale; RET_PF_RETRY, the access faults again later.
    if (vm.invalidating[gfn]) {
      vm.events.milestone(this.actor, this.name, 'retry: invalidation in progress', gfn);
      return;
    }
    if (vm.memslot.readOnly && this.access === ACCESS_WRITE) {
      // A write to a read-only memslot is never mapped: it exits to userspace as MMIO.
      this.emulate('read-only memslot: exit to userspace');
      return;
    }
    const level = vm.maxMappingLevel(gfn);
    const covering = vm.store.leafLevel(gfn);
    if (covering > level) {
      // A huge leaf over a 4K target is zapped first (TDP: tdp_mmu_zap_spte_atomic, which
      // flushes; shadow: drop_large_spte with flush), spec §3.9.
      this.install('zap', covering, vm.ops.nonPresentLo, vm.ops.nonPresentHi);
    } else if (level > PG_LEVEL_4K && covering < level && this.dropChildren(level)) {
      // A huge leaf replaces a page table of 4K leaves: the old SPTE is a non-leaf (spec §3.4).
      vm.ops.makeNonLeaf(this.scratch);
      vm.store.write(level, gfn, this.scratch[0]!, this.scratch[1]!);
    }
    const oldLo = vm.store.readLo(level, gfn);
    const oldHi = vm.store.readHi(level, gfn);
    const tdp = vm.config.mmu === 'tdp';
    // spec §3.4: v6.13's TDP path returns early when the present leaf already allows it.
    if (
      tdp &&
      vm.config.kernel === 'v6.13' &&
      vm.ops.isPresent(oldLo, oldHi) &&
      vm.ops.isLeaf(oldLo, oldHi, level) &&
      vm.ops.allows(oldLo, oldHi, this.access)
    ) {
      this.spurious();
      return;
    }
    const oldWritableLeaf =
      vm.ops.isPresent(oldLo, oldHi) &&
      vm.ops.isLeaf(oldLo, oldHi, level) &&
      vm.ops.isWritable(oldLo, oldHi);
    const unsyncFails = !oldWritableLeaf && this.tryToUnsync();
    const base = gfn - (gfn % 2 ** (9 * (level - 1)));
    const hostWritable = !vm.memslot.readOnly;
    const flags = vm.ops.makeSpte(
      level,
      vm.pfnOf(base),
      oldLo,
      oldHi,
      false,
      unsyncFails,
      vm.memslot.dirtyLogging,
      hostWritable,
      this.scratch,
    );
    const newLo = this.scratch[0]!;
    const newHi = this.scratch[1]!;
    if (newLo === oldLo && newHi === oldHi) {
      this.spurious();
      return;
    }
    this.install(tdp ? 'tdp_mmu_map_handle_target_level' : 'mmu_set_spte', level, newLo, newHi);
    if (flags & MAKE_SPTE_MARK_DIRTY) vm.markPageDirty(gfn, this.actor);
    if (flags & MAKE_SPTE_WRPROT && this.access === ACCESS_WRITE) {
      this.emulate('wrprot: emulate');
      return;
    }
    vm.stats.pf_fixed++;
    vm.events.milestone(this.actor, this.name, level > 1 ? `fixed (2M leaf)` : 'fixed', gfn);
    if (!tdp && level === PG_LEVEL_4K) this.prefetchNeighbours();
  }

  /**
   * `direct_pte_prefetch` / `FNAME(pte_prefetch)` (shadow MMU only; spec §3.2, §3.4): up to
   * PTE_PREFETCH_NUM = 8 neighbouring non-present SPTEs of the same table are filled with
   * prefetch SPTEs (`mmu_set_spte(prefetch)`), which are access-tracked or have A clear, and are
   * read-only and !MMU-writable where the unsync check refuses (-EPERM, or -EEXIST for a
   * shadowed gfn).
   */
  private prefetchNeighbours(): void {
    const { vm } = this;
    const first = this.gfn - (this.gfn % 8);
    for (let g = first; g < first + 8 && g < vm.config.gfns; g++) {
      if (g === this.gfn || vm.invalidating[g] || vm.store.leafLevel(g) !== 0) continue;
      const unsyncFails = vm.memslot.isWriteTracked(g) || vm.memslot.shadowed[g] === 1;
      const flags = vm.ops.makeSpte(
        PG_LEVEL_4K,
        vm.pfnOf(g),
        vm.ops.nonPresentLo,
        vm.ops.nonPresentHi,
        true,
        unsyncFails,
        vm.memslot.dirtyLogging,
        !vm.memslot.readOnly,
        this.scratch,
      );
      vm.changeLeaf(
        this.actor,
        this.name,
        'mmu_set_spte',
        PG_LEVEL_4K,
        g,
        this.scratch[0]!,
        this.scratch[1]!,
        this.pending,
        this.summary,
      );
      if (flags & MAKE_SPTE_MARK_DIRTY) vm.markPageDirty(g, this.actor);
    }
  }

  /**
   * Frees the 4K page table under the 2M region of this gfn (`handle_removed_pt`: the children
   * are frozen and dropped without a flush of their own; the non-leaf→leaf flush covers them).
   * Returns whether there was a table.
   */
  private dropChildren(level: number): boolean {
    const { vm } = this;
    const span = 2 ** (9 * (level - 1));
    const base = this.gfn - (this.gfn % span);
    let any = false;
    for (let g = base; g < base + span; g++) {
      if (!vm.ops.isPresent(vm.store.readLo(1, g), vm.store.readHi(1, g))) continue;
      vm.store.write(1, g, vm.ops.nonPresentLo, vm.ops.nonPresentHi);
      any = true;
    }
    return any;
  }

  /**
   * `mmu_try_to_unsync_pages()` (spec §3.2), which make_spte() consults whenever write access
   * remains (ACC_ALL here, so read faults too) and the old SPTE is not writable: -EPERM for a
   * write-tracked gfn; a shadowed gfn's page is marked unsync (this path never prefetches or
   * synchronizes). Returns true when it fails: the SPTE is made read-only and !MMU-writable.
   */
  private tryToUnsync(): boolean {
    const { vm, gfn } = this;
    if (vm.memslot.isWriteTracked(gfn)) return true;
    if (vm.memslot.shadowed[gfn] && !vm.memslot.unsync[gfn]) {
      vm.memslot.unsync[gfn] = 1;
      vm.events.unsynced(this.actor, gfn);
    }
    return false;
  }

  private install(site: LeafChangeSite, level: number, lo: number, hi: number): void {
    this.vm.changeLeaf(
      this.actor,
      this.name,
      site,
      level,
      this.gfn,
      lo,
      hi,
      this.pending,
      this.summary,
    );
  }

  private spurious(): void {
    this.vm.stats.pf_spurious++;
    this.vm.events.milestone(this.actor, this.name, 'spurious', this.gfn);
  }

  /**
   * RET_PF_WRITE_PROTECTED: KVM emulates the write (spec §5). Since v6.12 this result is not
   * counted as pf_emulate (spec §7), so spte-lab counts it on its own.
   */
  private emulate(why: string): void {
    const { vm, gfn, actor } = this;
    this.emulated = true;
    vm.stats.pf_write_protected++;
    vm.markPageDirty(gfn, this.actor);
    vm.events.milestone(actor, this.name, why, gfn);
    vm.events.emulatedWrite(actor, gfn);
  }
}
