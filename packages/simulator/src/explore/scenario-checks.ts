import type { CheckSpec } from './check-report.js';

/**
 * The small configuration `check --scenario NAME` explores for a preset: which operations, how
 * many gfns and writes, any set-up. The preset itself supplies the SPTE format, the MMU and the
 * memslot flags. Presets without an entry use DEFAULT_CHECK's operations.
 */
export const SCENARIO_CHECKS: Readonly<Record<string, Partial<CheckSpec>>> = {
  'write-track-during-migration': { operations: ['get_dirty_log', 'write_track_add'] },
  'migration-bitmap': { operations: ['get_dirty_log'] },
  'migration-clear-log': { operations: ['clear_dirty_log'] },
  'host-reclaim': { operations: ['clear_young', 'invalidate_range'] },
  // spec §10.1: one 2M region (a 512-gfn slot), written by vCPU 0 before logging starts; then
  // one init-set CLEAR_DIRTY_LOG, one write-track add and one more guest write race.
  'write-track-initially-set': {
    slotGfns: 512,
    gfns: 1,
    warmWrites: [0],
    writes: 1,
    operations: ['clear_dirty_log', 'write_track_add'],
  },
  // spec §9 rows 3 and 10, §12.9: a nested guest's page table (gfn 0) maps gfn 1 and is unsync;
  // gfn 1 is mapped writable, then dirty logging starts (W=0, MW kept). Explored: the host ages
  // a gfn (access tracking), the VMM harvests, vCPU 0 writes once, toggles X in gfn 1's PTE
  // and flushes its TLB (the sync rebuilds gfn 1's SPTE and write-protects the table).
  'ro-mmu-writable-refresh': {
    gfns: 2,
    writes: 1,
    setup: [
      { type: 'shadow_page_table', vcpu: 0, gfn: 0, level: 1 },
      { type: 'guest_pte_write', vcpu: 0, table: 0, gfn: 1, pte: 'pwuxd' },
      { type: 'access', vcpu: 0, gfn: 1, access: 'write' },
    ],
    guestEvents: [
      { type: 'guest_pte_write', vcpu: 0, table: 0, gfn: 1, pte: 'pwud' },
      { type: 'guest_tlb_flush', vcpu: 0 },
    ],
    operations: ['clear_young', 'get_dirty_log'],
  },
  // Issue 17 (spec §12.1, §12.7): one 2M leaf (a 512-gfn slot, written by vCPU 0 first);
  // enabling logging (eager split dropping mmu_lock to allocate, then the write-protect walk),
  // a harvest and the guest's writes race; with the split off, a write fault splits in place.
  'huge-page-migration': {
    slotGfns: 512,
    gfns: 2,
    warmWrites: [0],
    writes: 2,
    operations: ['enable_dirty_logging', 'get_dirty_log'],
    // The write-protect walk after an eager split is 512 steps (one per 4K SPTE) on one path.
    maxDepth: 1200,
  },
  // Issue 18: the same race with KVM's shadow MMU as the write-tracker. vCPU 0 wrote gfn 0
  // before logging; vCPU 1's page fault shadows the guest page table at gfn 0
  // (account_shadowed) while the init-set CLEAR_DIRTY_LOG runs; vCPU 0 writes it once more.
  'shadow-mmu-initially-set': {
    slotGfns: 512,
    gfns: 1,
    vcpus: 2,
    warmWrites: [0],
    writes: 1,
    operations: ['clear_dirty_log', 'account_shadowed'],
  },
};
