import { configurePreset } from '@spte-lab/workload-gen';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../src/index.js';

/**
 * Issue 17 (spec §12.1, §12.6–12.8), the checks the issue names, run through the simulator:
 * with no eager split and no host MM, a migration of a 2M-backed guest flushes only where the
 * kernel does — faults split huge leaves in place instead of zapping them.
 */
const sim = createSimulator();

function sites(policy: string, point: Record<string, string | number>, seeds = 3) {
  const scenario = configurePreset(sim.scenario('huge-page-migration'), point);
  const total = new Map<string, number>();
  for (let seed = 1; seed <= seeds; seed++) {
    const run = sim.run({ policy: sim.policy(policy), scenario, seed });
    expect(run.violations).toEqual([]);
    for (const [site, n] of Object.entries(run.flushesBySite ?? {}))
      total.set(site, (total.get(site) ?? 0) + n);
  }
  return total;
}

describe('huge-page-migration without eager split or host MM', () => {
  it.each(['kvm-v6.12', 'kvm-v6.13'])('%s: no fault zaps a huge leaf', (policy) => {
    const bySite = sites(policy, { hostMmRate: 0, eagerSplit: 'off' });
    // A fault under a huge leaf would be charged to kvm_tdp_mmu_map (spec §12.1).
    expect(bySite.has('kvm_tdp_mmu_map')).toBe(false);
    expect(bySite.has('kvm_mmu_notifier_invalidate_range_start')).toBe(false);
    // What is left: logging on, harvests, huge-page recovery, and the preset's own closing
    // kvm_zap_gfn_range (an MTRR-style zap event, one per run).
    const recovery =
      policy === 'kvm-v6.13' ? 'kvm_mmu_recover_huge_pages' : 'zap_collapsible_spte_range';
    expect([...bySite.keys()].sort()).toEqual(
      [
        'kvm_get_dirty_log_protect',
        'kvm_mmu_slot_apply_flags',
        'kvm_zap_gfn_range',
        recovery,
      ].sort(),
    );
    expect(bySite.get('kvm_zap_gfn_range')).toBe(3);
  });

  it('v6.13 recovers huge pages with one memslot flush per disable', () => {
    expect(
      sites('kvm-v6.13', { hostMmRate: 0, eagerSplit: 'off' }).get('kvm_mmu_recover_huge_pages'),
    ).toBe(3);
  });

  it('hostMmRate=0 switches the host MM off: host-reclaim runs no notifier at all', () => {
    const scenario = configurePreset(sim.scenario('host-reclaim'), { hostMmRate: 0 });
    const run = sim.run({ policy: sim.policy('kvm-v6.13'), scenario, seed: 1 });
    expect(Object.keys(run.flushesBySite ?? {}).filter((s) => s.includes('notifier'))).toEqual([]);
    expect(run.stats.pf_taken).toBeGreaterThan(0);
  });
});

describe('access-tracked SPTEs are restored by the fast path (spec §12.6)', () => {
  it('host-reclaim on ept-noad counts pf_fast', () => {
    const scenario = configurePreset(sim.scenario('host-reclaim'), { spteFormat: 'ept-noad' });
    const run = sim.run({ policy: sim.policy('kvm-v6.13'), scenario, seed: 1 });
    expect(run.stats.pf_fast).toBeGreaterThan(0);
  });
});
