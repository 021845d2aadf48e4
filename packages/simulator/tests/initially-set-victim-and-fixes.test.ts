import { describe, expect, it } from 'vitest';
import { createSimulator } from '../src/index.js';

/*
 * Issue 18: the initially-set CLEAR_DIRTY_LOG race with KVM's own shadow MMU as the victim,
 * and the two places a flush could go, told apart by the explorer.
 */
const sim = createSimulator();

function traceLines(report: ReturnType<typeof sim.check>): string[] {
  return report
    .steps!.filter((s) => s.n > 0)
    .flatMap((s) => s.events.map((e) => `${s.n} ${s.actor} ${e.operation} ${e.detail}`));
}

describe('check --scenario shadow-mmu-initially-set (shadow paging, tdp_mmu=0)', () => {
  /*
   * By hand (set-up: vCPU 0 wrote gfn 0, a 2M SPTE W=1 MW=1 D=1 and a writable 2M TLB entry):
   *   1 vmm   CLEAR_DIRTY_LOG: lock   2 vmm  2M W=1 MW=1 → W=0 MW=0   3 vmm  unlock (no flush)
   *   4 vcpu1 account_shadowed(gfn 0): lock   5 vcpu1 already W=0 MW=0, no flush   6 unlock
   *   7 vcpu0 writes gfn 0, now a shadowed guest page table, through the stale 2M entry.
   */
  for (const policy of ['kvm-v6.12', 'kvm-v6.13']) {
    it(`${policy}: the 7-step counterexample through account_shadowed`, () => {
      const report = sim.check({ policy, scenario: 'shadow-mmu-initially-set' });
      expect(report.verdict).toBe('unsafe');
      expect(report.replay!.schedule).toHaveLength(7);
      expect(report.violation!.message).toMatch(/guest page table gfn 0, shadowed by KVM/);
      expect(report.violation!.message).toMatch(/"in sync" but stale/);
      const lines = traceLines(report);
      expect(lines).toContainEqual(
        expect.stringMatching(/^2 vmm init_set_huge_write_protect .*W=1 MW=1 → W=0 MW=0/),
      );
      expect(lines).toContainEqual(
        expect.stringMatching(/^5 vcpu1 account_shadowed .*already W=0 MW=0.*no flush/),
      );
      expect(lines).toContainEqual(expect.stringMatching(/^7 vcpu0 guest access write via stale/));
    });
  }

  for (const fix of ['kvm-v6.13-initset-flush', 'kvm-v6.13-initset-keep-mw']) {
    it(`${fix}: safe within the bound`, () => {
      expect(sim.check({ policy: fix, scenario: 'shadow-mmu-initially-set' }).verdict).toBe('safe');
    });
  }

  it('eager_page_split on changes nothing: the init-set split runs only with the TDP MMU', () => {
    const report = sim.check({
      policy: 'kvm-v6.13',
      scenario: 'shadow-mmu-initially-set',
      eagerSplit: 'on',
    });
    expect(report.replay!.schedule).toHaveLength(7);
  });

  it('nested on the TDP MMU (L1 writes its EPT12 table): unsafe with eager split off, safe with it on', () => {
    const nested = {
      policy: 'kvm-v6.13',
      scenario: 'shadow-mmu-initially-set',
      format: 'ept' as const,
      mmu: 'tdp' as const,
      vm: { manualProtect: true, initiallySet: true, hugeBacking: true },
    };
    expect(sim.check({ ...nested, eagerSplit: 'off' }).verdict).toBe('unsafe');
    expect(sim.check({ ...nested, eagerSplit: 'fails' }).verdict).toBe('unsafe');
    expect(sim.check({ ...nested, eagerSplit: 'on' }).verdict).toBe('safe');
  });
});

describe('fix placements: (a) before KVM_MMU_UNLOCK in generic code, (b) in the x86 hook', () => {
  // Two 64-bit bitmap words in one CLEAR_DIRTY_LOG; the split fails for word 0 (after which
  // the 2M write-protect clears MW) and drops mmu_lock again for word 1.
  const twoWords = {
    scenario: 'write-track-initially-set',
    eagerSplit: 'fails' as const,
    clearPages: 128,
  };

  it('(a) kvm-v6.13-initset-flush-at-unlock: a counterexample in the second word’s split window', () => {
    const report = sim.check({ policy: 'kvm-v6.13-initset-flush-at-unlock', ...twoWords });
    expect(report.verdict).toBe('unsafe');
    expect(report.replay!.schedule).toHaveLength(9);
    const lines = traceLines(report);
    const protect = lines.findIndex((l) => /init_set_huge_write_protect .*→ W=0 MW=0/.test(l));
    const drop = lines.findIndex((l) => /unlock \(eager split allocates page tables\)/.test(l));
    const lastDrop = lines.findLastIndex((l) => /unlock \(eager split/.test(l));
    expect(drop).toBeLessThan(protect);
    expect(lastDrop).toBeGreaterThan(protect);
    expect(lines).toContainEqual(
      expect.stringMatching(/tracker kvm_write_track_add_gfn .*no flush/),
    );
  });

  for (const fix of ['kvm-v6.13-initset-flush', 'kvm-v6.13-initset-keep-mw']) {
    it(`(b) and fix 2 — ${fix}: safe on the same configuration`, () => {
      expect(sim.check({ policy: fix, ...twoWords }).verdict).toBe('safe');
    });
  }

  it('(a) is safe when the CLEAR covers one word: only the two-word case tells them apart', () => {
    expect(
      sim.check({
        policy: 'kvm-v6.13-initset-flush-at-unlock',
        scenario: 'write-track-initially-set',
        eagerSplit: 'fails',
      }).verdict,
    ).toBe('safe');
  });

  it('the kernel itself is unsafe on both configurations', () => {
    expect(sim.check({ policy: 'kvm-v6.13', ...twoWords }).verdict).toBe('unsafe');
  });
});
