import { describe, expect, it } from 'vitest';
import { createSimulator } from '../src/index.js';

const sim = createSimulator();
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

function run(policy: string, seed: number) {
  return sim.run({ policy: sim.policy(policy), scenario: sim.scenario('migration-bitmap'), seed });
}

describe('migration-bitmap walking skeleton', () => {
  it.each(['kvm-v6.12', 'kvm-v6.13'])('%s loses no dirty page over 20 seeds (adversarial TLB)', (policy) => {
    for (const seed of SEEDS) {
      const result = run(policy, seed);
      expect(result.violations, `seed ${seed}`).toEqual([]);
      expect(result.stats.remote_tlb_flush_requests).toBeGreaterThan(0);
    }
  });

  it('never loses dirty pages, and the trace shows the write that slipped through', () => {
    const lost = SEEDS.map((seed) => run('never', seed)).filter((r) => r.violations.length > 0);
    expect(lost.length).toBeGreaterThan(SEEDS.length / 2);
    const violation = lost[0]!.violations[0]!;
    expect(violation.kind).toBe('migration');
    expect(violation.trace.length).toBeGreaterThan(0);
    const last = violation.trace.at(-1)!;
    expect(last.operation).toBe('guest access');
    expect(last.detail).toMatch(/write via stale TLB entry/);
    expect(lost[0]!.stats.remote_tlb_flush_requests).toBe(0);
  });

  it('is deterministic: the same seed gives the same result', () => {
    expect(JSON.stringify(run('kvm-v6.13', 9))).toBe(JSON.stringify(run('kvm-v6.13', 9)));
    expect(JSON.stringify(run('never', 9))).toBe(JSON.stringify(run('never', 9)));
  });

  it('stats come from the simulation: different seeds give different counts', () => {
    const counts = new Set(SEEDS.slice(0, 5).map((seed) => JSON.stringify(run('kvm-v6.13', seed).stats)));
    expect(counts.size).toBeGreaterThan(1);
  });
});
