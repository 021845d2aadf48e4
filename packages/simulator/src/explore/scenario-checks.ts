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
