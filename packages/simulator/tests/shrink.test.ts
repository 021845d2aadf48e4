import { describe, expect, it } from 'vitest';
import { createSimulator, ddmin } from '../src/index.js';

describe('ddmin', () => {
  it('finds a 1-minimal failing subset', () => {
    const fails = (xs: readonly number[]) => xs.includes(3) && xs.includes(7);
    const items = Array.from({ length: 20 }, (_, i) => i);
    expect(ddmin(items, fails)).toEqual([3, 7]);
  });

  it('keeps a single failing item', () => {
    expect(ddmin([1, 2, 3, 4], (xs) => xs.includes(2))).toEqual([2]);
  });
});

describe('shrinking a violating simulation run', () => {
  const sim = createSimulator();

  it('shrinks w-bit-only’s write-track violation to a few events, each of which is needed', () => {
    const input = {
      policy: sim.policy('w-bit-only'),
      scenario: sim.scenario('write-track-during-migration'),
      seed: 1,
    };
    const result = sim.shrink(input, 'write-track')!;
    expect(result).toBeDefined();
    expect(result.originalEvents).toBeGreaterThan(100);
    // The interleaving is seeded per step, so bystander events whose steps shift the schedule
    // stay (how many depends on how many steps each operation takes); still 1-minimal.
    expect(result.events.length).toBeLessThanOrEqual(result.originalEvents / 4);
    expect(result.violation.kind).toBe('write-track');
    const types = result.events.map((e) => e.type);
    expect(types).toContain('write_track_add');
    // A dirty-log write-protect (MW kept) must come before the add: enable or harvest.
    expect(types.some((t) => t === 'get_dirty_log' || t === 'enable_dirty_logging')).toBe(true);
    // 1-minimal: dropping any one event loses the violation.
    result.events.forEach((_, i) => {
      const fewer = result.events.filter((__, j) => j !== i);
      const rerun = sim.run({ ...input, events: fewer });
      expect(rerun.violations.some((v) => v.kind === 'write-track')).toBe(false);
    });
  }, 120_000);

  it('returns undefined for a clean run', () => {
    expect(
      sim.shrink({
        policy: sim.policy('kvm-v6.13'),
        scenario: sim.scenario('migration-bitmap'),
        seed: 1,
      }),
    ).toBeUndefined();
  });
});
