import { definePolicy } from '@spte-lab/flush-policies';
import { checkPolicyConformance, type SimulatorFactory } from '@spte-lab/flush-policies/testing';
import { PolicyError } from '@spte-lab/spte-core';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../src/index.js';

const flushEverything = definePolicy({
  name: 'flush-everything',
  description: 'flushes on every leaf change, immediately',
  onLeafChange: () => ({ scope: 'all', timing: 'now' }),
});

describe('createSimulator({ plugins }) takes policies as well as ContainerModules', () => {
  it('a policy from definePolicy is bound for you and runs like a built-in', () => {
    const sim = createSimulator({ plugins: [flushEverything] });
    expect(sim.policyNames()).toContain('flush-everything');
    expect(sim.policy('flush-everything')).toBe(flushEverything);
    const [run] = sim.compare({
      policies: ['flush-everything'],
      scenarios: ['migration-bitmap'],
      seeds: [2],
    });
    expect(run!.violations).toEqual([]);
    expect(run!.stats.remote_tlb_flush_requests).toBeGreaterThan(0);
  });

  it('a policy plugin cannot take a built-in’s name', () => {
    const impostor = definePolicy({ name: 'kvm-v6.13', description: 'an impostor' });
    expect(() => createSimulator({ plugins: [impostor] })).toThrow(
      /two policies are named 'kvm-v6.13'/,
    );
  });

  it('a plugin that throws during a run stops it with a PolicyError naming the policy', () => {
    const throws = definePolicy({
      name: 'throws',
      description: 'throws on the first leaf change',
      onLeafChange: () => {
        throw new Error('boom');
      },
    });
    const sim = createSimulator({ plugins: [throws] });
    const run = () =>
      sim.compare({ policies: ['throws'], scenarios: ['migration-bitmap'], seeds: [1] });
    expect(run).toThrow(PolicyError);
    expect(run).toThrow("policy 'throws': onLeafChange threw: boom");
  });
});

describe('the conformance kit with the simulator injected (RuleTester-style)', () => {
  it('createSimulator is a SimulatorFactory as it is', async () => {
    const factory: SimulatorFactory = createSimulator;
    const report = await checkPolicyConformance(flushEverything, {
      simulator: factory,
      scenarios: ['migration-bitmap', 'host-reclaim'],
      seeds: [1, 2],
      explore: false,
    });
    expect(report.cases.filter((c) => !c.passed)).toEqual([]);
    expect(report.cases.filter((c) => c.scenario).map((c) => c.scenario)).toEqual([
      'migration-bitmap',
      'host-reclaim',
    ]);
  });
});
