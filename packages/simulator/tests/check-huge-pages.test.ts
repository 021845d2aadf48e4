import { describe, expect, it } from 'vitest';
import { createSimulator } from '../src/index.js';

/**
 * Issue 17 (spec §12.1, §12.7): enabling dirty logging on a 2M-backed slot is explored with
 * everything else — the eager split's lock drop before its allocation, the write-protect walk
 * one SPTE at a time, faults that split in place when the eager split is off or fails.
 */
const sim = createSimulator();

describe('check --scenario huge-page-migration', () => {
  it.each([
    ['kvm-v6.12', 'on'],
    ['kvm-v6.12', 'off'],
    ['kvm-v6.12', 'fails'],
    ['kvm-v6.13', 'on'],
    ['kvm-v6.13', 'off'],
    ['kvm-v6.13', 'fails'],
  ] as const)(
    '%s with eager split %s: safe, every path ended inside the bound',
    (policy, eagerSplit) => {
      const report = sim.check({ policy, scenario: 'huge-page-migration', eagerSplit });
      expect(report.verdict).toBe('safe');
      expect(report.depthReached).toBeLessThan(report.maxDepth);
    },
  );

  it.each(['on', 'off'] as const)(
    'never flushing loses a dirty page (eager split %s)',
    (eagerSplit) => {
      const report = sim.check({ policy: 'never', scenario: 'huge-page-migration', eagerSplit });
      expect(report.verdict).toBe('unsafe');
      expect(report.violation?.kind).toBe('migration');
    },
  );

  it('the counterexample passes through the eager split’s lock drop (an explored step)', () => {
    const report = sim.check({
      policy: 'never',
      scenario: 'huge-page-migration',
      eagerSplit: 'on',
    });
    const trace = report.violation!.trace.map((s) => `${s.actor} ${s.detail}`);
    const drop = trace.findIndex((t) => t.includes('eager split allocates a page table'));
    expect(drop).toBeGreaterThanOrEqual(0);
  });
});
