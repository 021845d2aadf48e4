/**
 * The vCPU fault path (spec §3.4, §5, §12.3–12.6): page-track check, lockless fast page fault,
 * then the slow path under `mmu_lock` through `make_spte()` and the flavour's install step
 * (`mmu_set_spte` or `tdp_mmu_map_handle_target_level`), then `direct_pte_prefetch` /
 * `FNAME(pte_prefetch)`. The same op runs a prefetch fault (`KVM_PRE_FAULT_MEMORY`,
 * `kvm_arch_async_page_ready`): `kvm_mmu_do_page_fault(prefetch=true)` with an error code that
 * has no present bit. Stats follow `kvm_mmu_page_fault` (spec §7), which prefetch faults skip.
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
import {
  ACC_ALL,
  ACC_EXEC_MASK,
  ACC_USER_MASK,
  ACC_WRITE_MASK,
  PG_LEVEL_4K,
} from '../../encoding/constants.js';
import { GPTE_DIRTY, GPTE_PRESENT } from '../guest-page-tables.js';
import { ACCESS_EXEC, ACCESS_READ, ACCESS_WRITE } from '../spte-ops.js';
import { type Operation, STEP_BLOCKED, STEP_DONE, STEP_RUNNING } from './operation.js';
import { splitHugeLeaf } from './split-huge-page.js';

const PC_START = 0;
const PC_LOCK = 1;
const PC_MAP = 2;
const PC_UNLOCK = 3;
/** PTE_PREFETCH_NUM: the aligned group of SPTEs a fault prefetches into (spec §12.3). */
const PTE_PREFETCH_NUM = 8;

/** What asked for a prefetch fault (null: a guest access faulted). */
export type PrefetchFault = 'kvm_arch_vcpu_pre_fault_memory' | 'kvm_arch_async_page_ready';

export class PageFaultOp implements Operation {
  readonly name: 'page_fault' | PrefetchFault;
  private pc = PC_START;
  /** KVM emulated the faulting write: the guest instruction is done and is not retried. */
  emulated = false;
  /** The emulated write went to a read-only memslot: an MMIO exit to userspace (spec §12.5). */
  mmioExit = false;
  /**
   * The guest's own page tables deny the access (shadow paging): KVM injects a #PF into the
   * guest (`FNAME(walk_addr)` failed), whose OS handles it; the access does not happen.
   */
  guestFault = false;
  /** The fault was resolved by the lockless fast path (for the cost model). */
  fast = false;
  /**
   * `fault->mmu_seq` and `fault->pfn` (spec §12.11): `kvm_faultin_pfn` samples
   * `mmu_invalidate_seq`, then resolves the pfn without `mmu_lock`; `mmu_invalidate_retry_gfn`
   * under the lock decides whether that pfn may still be mapped.
   */
  private mmuSeq = 0;
  private pfn = 0;
  private readonly pending = new PendingFlushes();
  private readonly summary = new OperationSummary();
  private readonly scratch = new Uint32Array(2);

  constructor(
    private readonly vm: KvmVm,
    readonly actor: number,
    private readonly gfn: number,
    private readonly access: number,
    private readonly prefetch: PrefetchFault | null = null,
  ) {
    this.name = prefetch ?? 'page_fault';
  }

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

  /** Guest page-table walk, page-track check, then the lockless fast path when it may apply. */
  private start(): number {
    const { vm, gfn, actor } = this;
    if (this.prefetch === null) vm.stats.pf_taken++;
    const write = this.access === ACCESS_WRITE;
    if (vm.config.indirect && this.prefetch === null && !this.guestAllows()) {
      this.guestFault = true;
      vm.events.milestone(
        actor,
        this.name,
        'guest PTE denies it: #PF injected into the guest',
        gfn,
      );
      return STEP_DONE;
    }
    const level = vm.store.leafLevel(gfn);
    const lo = level === 0 ? 0 : vm.store.readLo(level, gfn);
    const hi = level === 0 ? 0 : vm.store.readHi(level, gfn);
    // The error code's P bit: the entry was present to the hardware walker. An access-tracked
    // SPTE (RWX = 0) faults as not present (spec §12.6); a prefetch fault's error code carries
    // only PFERR_GUEST_FINAL (kvm_arch_vcpu_pre_fault_memory).
    const present = this.prefetch === null && level !== 0 && vm.ops.isHwPresent(lo, hi);
    // spec §12.4 page_fault_handle_page_track: only a present write to a tracked gfn is
    // emulated here; a non-present one takes the slow path and gets a read-only !MW SPTE.
    if (present && write && vm.memslot.isWriteTracked(gfn)) {
      this.emulate('write-tracked: emulate');
      return STEP_DONE;
    }
    // spec §3.4 page_fault_can_be_fast: present faults only for writes; non-present faults
    // only without hardware A/D (the SPTE may be access-tracked). Never for indirect pages.
    const canBeFast = !vm.config.indirect && (present ? write : !vm.ops.adEnabled);
    if (canBeFast && level !== 0 && vm.ops.isPresent(lo, hi)) {
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
        if (this.prefetch === null) vm.stats.pf_spurious++;
        vm.events.milestone(actor, this.name, 'fast: spurious', gfn);
        return STEP_DONE;
      }
      if ((r & FAST_PF_OUTCOME_MASK) === FAST_PF_FIXED) {
        this.fast = true;
        vm.stats.pf_fast++;
        this.countFixed();
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
    // kvm_faultin_pfn: sample the sequence, then resolve the pfn, both before mmu_lock.
    this.mmuSeq = vm.mmuInvalidateSeq;
    this.pfn = vm.pfnOf(gfn);
    this.pc = PC_LOCK;
    return STEP_RUNNING;
  }

  /**
   * `FNAME(walk_addr)` on the guest PTE mapping the gfn (shadow paging): present, and granting
   * the write, the exec, or — for a nested guest's EPT, whose R bit is ACC_USER — the read.
   * A write sets the guest's Dirty bit (`update_accessed_dirty_bits`).
   */
  private guestAllows(): boolean {
    const tables = this.vm.guestTables;
    const gpte = tables.gpte[this.gfn]!;
    if ((gpte & GPTE_PRESENT) === 0) return false;
    if (this.access === ACCESS_READ && this.vm.config.format !== 'legacy')
      return (gpte & ACC_USER_MASK) !== 0;
    if (this.access === ACCESS_WRITE) {
      if ((gpte & ACC_WRITE_MASK) === 0) return false;
      tables.gpte[this.gfn] = gpte | GPTE_DIRTY;
    }
    return this.access !== ACCESS_EXEC || (gpte & ACC_EXEC_MASK) !== 0;
  }

  /** The slow path's mapping step (make_spte + install), under mmu_lock. */
  private map(): void {
    const { vm, gfn } = this;
    const prefetch = this.prefetch !== null;
    // is_page_fault_stale → mmu_invalidate_retry_gfn (spec §3.8, §12.11): an invalidation
    // covering the gfn is in progress, or one ended since the pfn was resolved, so the pfn may
    // be stale; RET_PF_RETRY, the access faults again later. (A pre-fault's kvm_tdp_map_page
    // would loop until it ends; the model lets the request go.)
    if (vm.mmuInvalidate.retryGfn(this.mmuSeq, gfn)) {
      vm.events.milestone(
        this.actor,
        this.name,
        vm.mmuInvalidate.covers(gfn)
          ? 'retry: invalidation in progress'
          : 'retry: mmu_invalidate_seq moved',
        gfn,
      );
      return;
    }
    if (vm.memslot.readOnly && this.access === ACCESS_WRITE) {
      // spec §12.5 kvm_handle_error_pfn: KVM_PFN_ERR_RO_FAULT → RET_PF_EMULATE, and the
      // emulated write exits to userspace as MMIO: nothing is mapped or marked dirty.
      vm.stats.pf_emulate++;
      this.emulated = true;
      this.mmioExit = true;
      vm.events.milestone(this.actor, this.name, 'read-only memslot: MMIO exit to userspace', gfn);
      return;
    }
    const level = vm.maxMappingLevel(gfn);
    const covering = vm.store.leafLevel(gfn);
    if (covering > level) this.breakHugeLeaf(covering);
    const oldLo = vm.store.readLo(level, gfn);
    const oldHi = vm.store.readHi(level, gfn);
    const tdp = vm.config.mmu === 'tdp';
    const oldPresent = vm.ops.isPresent(oldLo, oldHi);
    const oldLeaf = oldPresent && vm.ops.isLeaf(oldLo, oldHi, level);
    if (vm.config.kernel === 'v6.13') {
      // spec §3.4: v6.13 never lets a prefetch overwrite a shadow-present SPTE (mmu_set_spte
      // and tdp_mmu_map_handle_target_level), and its TDP path returns early when the present
      // leaf already allows the access.
      if (prefetch && oldPresent) return this.spurious();
      if (tdp && oldLeaf && vm.ops.allows(oldLo, oldHi, this.access)) return this.spurious();
    }
    if (level > PG_LEVEL_4K && !oldLeaf) this.dropChildren(level);
    const indirect = vm.config.indirect;
    const pteAccess = indirect ? vm.guestTables.pteAccess(gfn, vm.ops.adEnabled) : ACC_ALL;
    const hostWritable = !vm.memslot.readOnly;
    const oldWritableLeaf = oldLeaf && vm.ops.isWritable(oldLo, oldHi);
    // make_spte() consults mmu_try_to_unsync_pages() only while write access remains and the
    // old leaf is not writable (spec §3.2).
    const unsyncFails =
      (pteAccess & ACC_WRITE_MASK) !== 0 && hostWritable && !oldWritableLeaf && this.tryToUnsync();
    const base = gfn - (gfn % 2 ** (9 * (level - 1)));
    const flags = vm.ops.makeSpte(
      level,
      pteAccess,
      // The pfn resolved before the lock; a region mapped huge is backed contiguously.
      this.pfn - (gfn - base),
      oldLo,
      oldHi,
      prefetch,
      false,
      unsyncFails,
      vm.memslot.dirtyLogging,
      hostWritable,
      this.scratch,
    );
    const newLo = this.scratch[0]!;
    const newHi = this.scratch[1]!;
    if (newLo === oldLo && newHi === oldHi) return this.spurious();
    this.install(tdp ? 'tdp_mmu_map_handle_target_level' : 'mmu_set_spte', level, newLo, newHi);
    if (indirect) vm.guestTables.spAccess[gfn] = pteAccess;
    if (flags & MAKE_SPTE_MARK_DIRTY) vm.markPageDirty(gfn, this.actor);
    if (flags & MAKE_SPTE_WRPROT && this.access === ACCESS_WRITE) {
      this.emulate('wrprot: emulate');
      return;
    }
    this.countFixed();
    vm.events.milestone(this.actor, this.name, level > 1 ? `fixed (2M leaf)` : 'fixed', gfn);
    if (!tdp && level === PG_LEVEL_4K) this.prefetchNeighbours();
  }

  /**
   * `direct_pte_prefetch` / `FNAME(pte_prefetch)` (shadow MMU only; spec §3.2, §12.3): up to
   * PTE_PREFETCH_NUM - 1 neighbouring non-present SPTEs of the same table are filled with
   * prefetch SPTEs (`mmu_set_spte(prefetch)`). None while any MMU-notifier invalidation is in
   * progress; for direct pages none when the page is A/D-disabled (`sp_ad_disabled`) and none in
   * a dirty-logged memslot (`gfn_to_memslot_dirty_bitmap` with ACC_ALL); for shadow pages the
   * walk stops at a non-present guest PTE or at a writable one in a dirty-logged memslot.
   */
  private prefetchNeighbours(): void {
    const { vm } = this;
    if (vm.mmuInvalidateInProgress > 0) return;
    const indirect = vm.config.indirect;
    const dirtyLogging = vm.memslot.dirtyLogging;
    if (!indirect && (!vm.ops.adEnabled || dirtyLogging)) return;
    const tables = vm.guestTables;
    const first = this.gfn - (this.gfn % PTE_PREFETCH_NUM);
    for (let g = first; g < first + PTE_PREFETCH_NUM && g < vm.config.gfns; g++) {
      if (g === this.gfn || vm.store.leafLevel(g) !== 0) continue;
      let pteAccess = ACC_ALL;
      if (indirect) {
        if ((tables.gpte[g]! & GPTE_PRESENT) === 0) return;
        pteAccess = tables.pteAccess(g, vm.ops.adEnabled);
        if ((pteAccess & ACC_WRITE_MASK) !== 0 && dirtyLogging) return;
      }
      // mmu_try_to_unsync_pages(prefetch): -EPERM for a tracked gfn, -EEXIST for a shadowed one.
      const unsyncFails =
        (pteAccess & ACC_WRITE_MASK) !== 0 &&
        (vm.memslot.isWriteTracked(g) || vm.memslot.shadowed[g] === 1);
      const flags = vm.ops.makeSpte(
        PG_LEVEL_4K,
        pteAccess,
        vm.pfnOf(g),
        vm.ops.nonPresentLo,
        vm.ops.nonPresentHi,
        true,
        false,
        unsyncFails,
        dirtyLogging,
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
      if (indirect) tables.spAccess[g] = pteAccess;
      if (flags & MAKE_SPTE_MARK_DIRTY) vm.markPageDirty(g, this.actor);
    }
  }

  /**
   * A huge leaf above the goal level (spec §12.1). The TDP MMU splits it in place
   * (`kvm_tdp_mmu_map` → `tdp_mmu_split_huge_page`): the children keep its mapping and
   * permissions, nothing is flushed, and the fault goes on at its child. The shadow MMU drops it
   * with a flush (`__link_shadow_page` → `drop_large_spte`) and links an empty table.
   */
  private breakHugeLeaf(covering: number): void {
    const { vm, gfn } = this;
    if (vm.config.mmu === 'tdp') {
      splitHugeLeaf(vm, this.actor, this.name, gfn - (gfn % 512), this.pending, this.summary);
      return;
    }
    this.install('zap', covering, vm.ops.nonPresentLo, vm.ops.nonPresentHi);
    vm.store.linkTable(gfn);
  }

  /**
   * A huge leaf about to replace a page table (spec §3.4, §12.2): the table's 4K leaves are
   * frozen and dropped without a flush of their own (`handle_removed_pt`, `drop_parent_pte`);
   * the table itself stays as the old SPTE, so the non-leaf→leaf change flushes — an empty
   * table too.
   */
  private dropChildren(level: number): void {
    const { vm } = this;
    const span = 2 ** (9 * (level - 1));
    const base = this.gfn - (this.gfn % span);
    const lo = vm.store.readLo(level, base);
    const hi = vm.store.readHi(level, base);
    if (!vm.ops.isPresent(lo, hi) || vm.ops.isLeaf(lo, hi, level)) return;
    for (let g = base; g < base + span; g++)
      vm.store.write(1, g, vm.ops.nonPresentLo, vm.ops.nonPresentHi);
  }

  /**
   * `mmu_try_to_unsync_pages()` (spec §3.2): -EPERM for a write-tracked gfn; a shadowed gfn's
   * page is marked unsync on a fault, while a prefetch gets -EEXIST. Returns true when it fails:
   * the SPTE is made read-only and !MMU-writable.
   */
  private tryToUnsync(): boolean {
    const { vm, gfn } = this;
    if (vm.memslot.isWriteTracked(gfn)) return true;
    if (!vm.memslot.shadowed[gfn] || vm.memslot.unsync[gfn]) return false;
    if (this.prefetch !== null) return true;
    vm.memslot.unsync[gfn] = 1;
    vm.events.unsynced(this.actor, gfn);
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

  /** RET_PF_FIXED: `pf_fixed` in kvm_mmu_page_fault, and for async page-ready faults. */
  private countFixed(): void {
    if (this.prefetch !== 'kvm_arch_vcpu_pre_fault_memory') this.vm.stats.pf_fixed++;
  }

  private spurious(): void {
    if (this.prefetch === null) this.vm.stats.pf_spurious++;
    this.vm.events.milestone(this.actor, this.name, 'spurious', this.gfn);
  }

  /**
   * RET_PF_WRITE_PROTECTED, turned into RET_PF_EMULATE by kvm_mmu_write_protect_fault and
   * counted in `pf_emulate` (spec §12.4): KVM emulates the write, which dirties the page; the
   * emulated write then reaches kvm_mmu_track_write and the page-track notifiers.
   */
  private emulate(why: string): void {
    const { vm, gfn, actor } = this;
    this.emulated = true;
    vm.stats.pf_emulate++;
    vm.markPageDirty(gfn, this.actor);
    vm.events.milestone(actor, this.name, why, gfn);
    vm.events.emulatedWrite(actor, gfn);
  }
}
