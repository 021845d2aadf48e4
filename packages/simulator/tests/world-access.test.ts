import { builtInPolicies } from '@spte-lab/flush-policies';
import { ACCESS_READ, ACCESS_WRITE } from '@spte-lab/spte-core';
import { describe, expect, it } from 'vitest';
import { simulatedTlbFactory, World } from '../src/index.js';
import { TRACED_VIOLATIONS } from '../src/run/world.js';

function world(): World {
  return new World(
    {
      scenario: { format: 'ept', mmu: 'tdp', vm: {} },
      vcpus: 2,
      gfns: 1024,
      policy: builtInPolicies['kvm-v6.13'],
      kernel: 'v6.13',
      retention: 'realistic',
      seed: 1,
      fineSteps: false,
    },
    simulatedTlbFactory(),
  );
}

describe('World.accessNow (a driver without a scheduler, issue 10)', () => {
  it('runs an access to completion: the fault, the mapping, the retry', () => {
    const w = world();
    w.accessNow(1, 77, ACCESS_WRITE);
    expect(w.isBusy(1)).toBe(false);
    const first = w.stats();
    expect(first.tlb_misses).toBeGreaterThanOrEqual(1);
    expect(first.tlb_fills).toBe(1);
    expect(w.vm.store.leafLevel(77)).toBe(1);
    // The second access hits the entry the retry filled: one step, no walk.
    const steps = first.steps!;
    w.accessNow(1, 77, ACCESS_READ);
    expect(w.stats().tlb_hits).toBe(first.tlb_hits! + 1);
    expect(w.stats().steps).toBe(steps + 1);
    expect(w.stats().tlb_walks).toBe(first.tlb_walks);
    expect(w.violations).toEqual([]);
  });

  it('refuses a vCPU that is busy', () => {
    const w = world();
    w.assign({ type: 'access', vcpu: 0, gfn: 5, access: 'read' });
    expect(() => w.accessNow(0, 6, ACCESS_READ)).toThrow(/vCPU 0 is busy/);
  });

  it('lists busy actors into a typed array (the scheduler reuses one)', () => {
    const w = world();
    const out = new Int32Array(8);
    expect(w.busyActors(out)).toBe(0);
    w.assign({ type: 'access', vcpu: 1, gfn: 5, access: 'read' });
    w.assign({ type: 'get_dirty_log' });
    expect(w.busyActors(out)).toBe(2);
    expect([...out.subarray(0, 2)]).toEqual([1, -1]);
  });
});

describe('violation traces (issue 10)', () => {
  it('reports every violation, with a trace for the first TRACED_VIOLATIONS only', () => {
    const w = world();
    for (let gfn = 0; gfn < TRACED_VIOLATIONS + 5; gfn++) {
      w.accessNow(0, gfn, ACCESS_WRITE);
      w.violate('migration', gfn, -1, `gfn ${gfn} lost`);
    }
    expect(w.violations).toHaveLength(TRACED_VIOLATIONS + 5);
    expect(w.violations.slice(0, TRACED_VIOLATIONS).every((v) => v.trace.length > 0)).toBe(true);
    expect(w.violations.slice(TRACED_VIOLATIONS).every((v) => v.trace.length === 0)).toBe(true);
  });
});
