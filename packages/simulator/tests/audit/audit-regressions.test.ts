import { describe, expect, it } from 'vitest';
import { auditAxes, auditCells, createSimulator } from '../../src/index.js';

/** Model bugs the audit found for kvm-v6.13 (issue 19 triage), each fixed; see the closing notes. */
const sim = createSimulator();
const cells = auditCells({ ...auditAxes('quick'), guests: [{ vcpus: 1, writes: 2 }] });
const spec = (id: string) => {
  const cell = cells.find((c) => c.id === id);
  if (!cell) throw new Error(`no cell ${id}`);
  return cell.spec;
};

describe('audit regressions', () => {
  it('zap_all_fast: no vCPU walks the obsolete root between the kick and the zap', () => {
    // Was: vCPU 0 filled its TLB from the old root after "every vCPU loads a new root", then
    // the zap removed the SPTE without a flush and a write-track add found nothing to protect.
    const report = sim.check({
      ...spec('write_track_remove+zap_all_fast/ept/tdp/split-off/pml/1v/1-gfn/2w'),
      policy: 'kvm-v6.13',
    });
    expect(report.verdict).toBe('safe');
    expect(report.statesExplored).toBeGreaterThan(100);
  });

  it('invalidate_range on a huge-backed region invalidates the whole 2M range, as the host must', () => {
    // Was: a 4K invalidation inside a THP-mapped region let the v6.13 recovery rebuild a 2M leaf
    // over the page being unmapped from a neighbour's SPTE; the host cannot unmap 4K of a
    // PMD-mapped page without first notifying the whole 2M (run/host-unmap-range.ts, for runs and
    // the explorer alike).
    const report = sim.check({
      ...spec('invalidate_range+disable_dirty_logging/ept/tdp/split-off/pml/1v/1-gfn/2w'),
      policy: 'kvm-v6.13',
      maxDepth: 24,
    });
    expect(report.verdict).toBe('safe');
    const never = sim.check({
      ...spec('invalidate_range+disable_dirty_logging/ept/tdp/split-off/pml/1v/1-gfn/2w'),
      policy: 'never',
      maxDepth: 24,
    });
    expect(never.verdict).toBe('unsafe');
  });

  it('enable_dirty_logging racing a pre-fault split: the split children inherit a clean D', () => {
    // Was: PML's kvm_mmu_slot_leaf_clear_dirty skipped the 2M leaf under the TDP MMU; a
    // pre-fault then split it (children D=1) and the guest's write was never logged or reaped.
    const id = 'enable_dirty_logging+pre_fault/ept/tdp/split-off/pml/1v/1-gfn/2w';
    const report = sim.check({ ...spec(id), policy: 'kvm-v6.13' });
    expect(report.verdict).toBe('safe');
    expect(report.statesExplored).toBeGreaterThan(100);
    expect(sim.check({ ...spec(id), policy: 'never' }).verdict).toBe('unsafe');
  });
});
