import { FLUSH_ALL_NOW, FLUSH_POLICY, type FlushPolicy } from '@spte-lab/spte-core';
import { ContainerModule } from 'inversify';
import { describe, expect, it } from 'vitest';
import { createSimulator, UnknownNameError } from '../src/index.js';

describe('createSimulator (the composition root)', () => {
  it('resolves every built-in policy by name from the container', () => {
    const sim = createSimulator();
    expect(sim.policyNames()).toEqual(expect.arrayContaining(['kvm-v6.12', 'kvm-v6.13', 'never']));
    for (const name of sim.policyNames()) expect(sim.policy(name).name).toBe(name);
  });

  it('names the known policies when asked for an unknown one', () => {
    const sim = createSimulator();
    expect(() => sim.policy('kvm-v9.99')).toThrow(UnknownNameError);
    expect(() => sim.policy('kvm-v9.99')).toThrow(
      /unknown policy 'kvm-v9.99' \(known: .*kvm-v6.13/,
    );
  });

  it('adds a policy from a plugin ContainerModule without touching any package', () => {
    const flushEverything: FlushPolicy = {
      name: 'flush-everything',
      description: 'flushes on every leaf change, immediately',
      onLeafChange: () => FLUSH_ALL_NOW,
    };
    const plugin = new ContainerModule(({ bind }) => {
      bind(FLUSH_POLICY).toConstantValue(flushEverything);
    });
    const sim = createSimulator({ plugins: [plugin] });
    expect(sim.policy('flush-everything')).toBe(flushEverything);
    const [run] = sim.compare({
      policies: ['flush-everything'],
      scenarios: ['migration-bitmap'],
      seeds: [3],
    });
    expect(run!.policy).toBe('flush-everything');
    // Every write-protect flushes at once, so this policy flushes at least as often as KVM's.
    const [kvm] = sim.compare({
      policies: ['kvm-v6.13'],
      scenarios: ['migration-bitmap'],
      seeds: [3],
    });
    expect(run!.stats.remote_tlb_flush_requests).toBeGreaterThan(0);
    expect(run!.violations).toEqual([]);
    expect(kvm!.violations).toEqual([]);
  });

  it('rejects two policies with one name', () => {
    const dup = new ContainerModule(({ bind }) => {
      bind(FLUSH_POLICY).toConstantValue({ name: 'never', description: 'an impostor' });
    });
    expect(() => createSimulator({ plugins: [dup] })).toThrow(/two policies are named 'never'/);
  });
});
