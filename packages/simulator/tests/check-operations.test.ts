import { describe, expect, it } from 'vitest';
import { type CheckConfig, createSimulator } from '../src/index.js';

/**
 * Issue 19: every KVM operation the audit lists runs to completion in the explorer. Default
 * configuration otherwise: one vCPU, two writes to either of two gfns, EPT with the TDP MMU,
 * logging enabled before the race. The state counts were measured with this file.
 */
const sim = createSimulator();

const CASES: [string, Partial<Omit<CheckConfig, 'policy'>>, number, string | null][] = [
  // [name, configuration, kvm-v6.13 states, what `never` breaks (null: nothing to break)]
  [
    'disable_dirty_logging',
    { operations: ['get_dirty_log', 'disable_dirty_logging'] },
    676,
    'migration',
  ],
  ['write_track_remove', { operations: ['write_track_remove'] }, 740, 'write-track'],
  ['clear_flush_young', { operations: ['clear_flush_young'] }, 232, null],
  ['test_young', { operations: ['test_young'] }, 198, null],
  ['zap_gfn_range', { operations: ['zap_gfn_range'] }, 714, null],
  ['zap_all_fast', { operations: ['zap_all_fast'] }, 202, null],
  ['pre_fault', { operations: ['pre_fault', 'get_dirty_log'] }, 2252, 'migration'],
  [
    'reset_dirty_rings',
    { operations: ['reset_dirty_rings'], vm: { dirtyRing: { size: 16, softLimit: 8 } } },
    626,
    'migration',
  ],
  [
    'pml_drain',
    { operations: ['pml_drain', 'get_dirty_log'], vm: { pml: true } },
    790,
    'migration',
  ],
  [
    'sync_page',
    { operations: ['sync_page', 'get_dirty_log'], mmu: 'shadow', writes: 1 },
    924,
    'migration',
  ],
];

describe('check: the audit operations', () => {
  it.each(CASES)('%s: kvm-v6.13 is safe; never breaks as expected', (_, config, states, broken) => {
    const report = sim.check({ policy: 'kvm-v6.13', ...config });
    expect(report.verdict).toBe('safe');
    expect(report.statesExplored).toBe(states);
    const never = sim.check({ policy: 'never', ...config });
    if (broken === null) expect(never.verdict).toBe('safe');
    else {
      expect(never.verdict).toBe('unsafe');
      expect(never.violation!.kind).toBe(broken);
    }
  });

  it('pml_drain is a VM exit of its own in the counterexample, which the harvest then reaps', () => {
    const never = sim.check({
      policy: 'never',
      operations: ['pml_drain', 'get_dirty_log'],
      vm: { pml: true },
    });
    const drain = never.steps!.findIndex((s) =>
      s.events.some((e) => e.operation === 'vmx_flush_pml_buffer'),
    );
    expect(drain).toBeGreaterThan(0);
    expect(never.steps![drain]!.actor).toBe('vcpu0');
  });

  it('disable_dirty_logging: the final harvest runs once, in the disable step, with every vCPU idle', () => {
    const never = sim.check({
      policy: 'never',
      operations: ['get_dirty_log', 'disable_dirty_logging'],
    });
    const harvests = never.steps!.filter((s) =>
      s.events.some((e) => e.operation === 'final_harvest'),
    );
    expect(harvests).toHaveLength(1);
    // The step that starts disabling logging, not one after the schedule.
    expect(harvests[0]!.n).toBe(never.replay!.schedule.length);
    expect(harvests[0]!.actor).toBe('vmm');
  });

  it('regions: 2 puts the gfn choices 512 apart and is still safe for kvm-v6.13', () => {
    const report = sim.check({ policy: 'kvm-v6.13', regions: 2 });
    expect(report.verdict).toBe('safe');
    const never = sim.check({ policy: 'never', regions: 2 });
    expect(never.verdict).toBe('unsafe');
    const gfns = never.replay!.schedule.map((c) => c.gfn).filter((g) => g >= 0);
    expect(gfns.every((g) => g < 2)).toBe(true);
    expect(never.violation!.gfn % 512).toBe(0);
  });

  it('rejects regions with too small a slot and sync_page with one gfn', () => {
    expect(() => sim.check({ policy: 'kvm-v6.13', regions: 2, slotGfns: 600 })).toThrow(
      /slot size/,
    );
    expect(() =>
      sim.check({ policy: 'kvm-v6.13', gfns: 1, operations: ['sync_page'], mmu: 'shadow' }),
    ).toThrow(/sync_page needs 2 gfns/);
  });
});

describe('disable_dirty_logging waits for mmu_lock (regression)', () => {
  it('does not spin when another actor holds mmu_lock as the final harvest would take it', () => {
    // Found by the audit: clear_young took mmu_lock, then the disable's final harvest (run to
    // completion in one step) waited for it forever. Now the disable starts once it is free.
    const report = sim.check({
      policy: 'kvm-v6.13',
      operations: ['clear_young', 'disable_dirty_logging'],
      gfns: 1,
      slotGfns: 512,
      warmWrites: [0],
      vm: { hugeBacking: true, manualProtect: true },
      eagerSplit: 'off',
      maxDepth: 60,
    });
    expect(report.verdict).toBe('safe');
    expect(report.statesExplored).toBeGreaterThan(10);
  });
});
