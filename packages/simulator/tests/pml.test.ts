import { createRng, scenarioPresets, type ScenarioPreset } from '@spte-lab/workload-gen';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../src/index.js';

/**
 * PML dirty logging (spec §4.6): with A/D-enabled EPT and PML, logging clears D instead of W;
 * the CPU logs a gfn when it sets D 0→1, and a TLB entry that still caches D=1 writes without
 * logging — which is why the reap flush is mandatory with PML too.
 */
const bitmap = scenarioPresets['migration-bitmap'];
const pmlMigration: ScenarioPreset = {
  ...bitmap,
  name: 'pml-test',
  vm: { pml: true },
  events: (params, rng) => bitmap.events(params, rng),
};
const sim = createSimulator();
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const run = (policy: string, seed: number) =>
  sim.run({ policy: sim.policy(policy), scenario: pmlMigration, seed });

describe('PML migration', () => {
  it('the kernel rules lose no dirty page', () => {
    for (const policy of ['kvm-v6.12', 'kvm-v6.13']) {
      for (const seed of SEEDS)
        expect(run(policy, seed).violations, `${policy} seed ${seed}`).toEqual([]);
    }
  });

  it('logging clears D, not W: SPTEs stay writable and the logged writes come from PML', () => {
    const result = run('kvm-v6.13', 3);
    expect(result.stats.pml_logged).toBeGreaterThan(0);
    expect(result.stats.pf_fast).toBe(0);
  });

  it('without the reap flush, a stale D=1 entry writes unlogged: never loses pages', () => {
    const lost = SEEDS.filter((seed) =>
      run('never', seed).violations.some((v) => v.kind === 'migration'),
    );
    expect(lost.length).toBeGreaterThan(0);
  });

  it('events are unchanged by PML: the same stream as the bitmap preset', () => {
    const p = bitmap.defaults;
    expect([...pmlMigration.events(p, createRng(2))]).toEqual([...bitmap.events(p, createRng(2))]);
  });
});
