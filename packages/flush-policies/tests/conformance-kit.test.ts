import type { FlushPolicy, LeafChange } from '@spte-lab/spte-core';
import { describe, expect, it } from 'vitest';
import { definePolicy } from '../src/index.js';
import {
  checkPolicyConformance,
  type ConformanceSimulator,
  describePolicyConformance,
  type SimulatorFactory,
} from '../src/testing/index.js';

const QUICK = { scenarios: ['migration-bitmap'], seeds: [1, 2], explore: false } as const;
const safeish = definePolicy({
  name: 'kit-probe',
  description: 'flushes every TLB at once on every reduction',
  onLeafChange: (c) => c.permissionsReduced && { scope: 'all', timing: 'now' },
});

async function failures(policy: FlushPolicy, options = {}) {
  const report = await checkPolicyConformance(policy, { ...QUICK, ...options });
  return report.cases.filter((c) => !c.passed).map((c) => `${c.name} :: ${c.message}`);
}

/** A recording test framework: what describePolicyConformance registers, and the bodies. */
function recorder() {
  const tests: { path: string; body: () => Promise<void>; timeout?: number }[] = [];
  const stack: string[] = [];
  const pending: Promise<void>[] = [];
  return {
    tests,
    done: () => Promise.all(pending),
    describe: (name: string, body: () => void | Promise<void>) => {
      stack.push(name);
      const result = body();
      // An async suite registers tests after its awaits: keep its name on the stack till then.
      if (result instanceof Promise) pending.push(result.finally(() => stack.pop()));
      else stack.pop();
    },
    it: (name: string, body: () => Promise<void>, timeout?: number) => {
      tests.push({ path: [...stack, name].join(' > '), body, timeout });
    },
  };
}

describe('describePolicyConformance registers one named test per case', () => {
  it('contract and safety cases, with the timeout, under the policy’s name', async () => {
    const fw = recorder();
    describePolicyConformance(safeish, { ...fw, ...QUICK, explore: true, timeout: 5000 });
    await fw.done();
    const names = fw.tests.map((t) => t.path);
    expect(names[0]).toBe(
      "policy 'kit-probe' conformance (policy API 1.0) > contract > is a valid policy for policy API 1.0",
    );
    expect(names).toContain(
      "policy 'kit-probe' conformance (policy API 1.0) > contract > its name is not taken by a built-in policy",
    );
    expect(names.filter((n) => n.includes('safety'))).toEqual([
      "policy 'kit-probe' conformance (policy API 1.0) > safety (adversarial TLB retention) > migration-bitmap: no lost write over seeds 1, 2",
      "policy 'kit-probe' conformance (policy API 1.0) > safety (adversarial TLB retention) > explorer: every interleaving of the default small configuration is safe",
    ]);
    expect(names).toHaveLength(7);
    expect(fw.tests.every((t) => t.timeout === 5000)).toBe(true);
    for (const t of fw.tests) await expect(t.body(), t.path).resolves.toBeUndefined();
  });

  it('refuses duplicate or empty cases at once, as RuleTester does', () => {
    const fw = recorder();
    expect(() => describePolicyConformance(safeish, { ...fw, seeds: [1, 1] })).toThrow(
      'conformance: seed 1 is listed twice',
    );
    expect(() =>
      describePolicyConformance(safeish, { ...fw, scenarios: ['host-reclaim', 'host-reclaim'] }),
    ).toThrow('conformance: scenario "host-reclaim" is listed twice');
    expect(() => describePolicyConformance(safeish, { ...fw, seeds: [] })).toThrow(
      'conformance: seeds must not be empty',
    );
    expect(() => describePolicyConformance(safeish, { ...fw, seeds: [-1] })).toThrow(
      'conformance: -1 is not a valid seed',
    );
  });
});

describe('the contract checks invariants nobody thought to test', () => {
  it('a policy that writes to the LeafChange it was given (inputs are frozen)', async () => {
    const mutates = definePolicy({
      name: 'mutates-input',
      description: 'writes to its input',
      onLeafChange: (c) => {
        (c as { gfn: number }).gfn = 0;
        return null;
      },
    });
    expect((await failures(mutates)).join('\n')).toMatch(
      /every leaf change .* :: mmu_set_spte \(loses W, keeps MW\): policy 'mutates-input': onLeafChange threw: Cannot assign to read only property 'gfn'/,
    );
  });

  it('a policy whose answer to the same input changes', async () => {
    let calls = 0;
    const flaky = definePolicy({
      name: 'flaky',
      description: 'answers differently every other time',
      onFlushPoint: () => (calls++ % 2 === 0 ? { scope: 'all', timing: 'now' } : null),
    });
    expect((await failures(flaky)).join('\n')).toMatch(/answered .*, then null to the same input/);
  });

  it('a policy that keeps state between runs', async () => {
    // Counts only the changes of real runs (the kit's own samples are frozen), and stops
    // flushing after the first 60: the second run of one seed then differs from the first.
    let seen = 0;
    const stateful = definePolicy({
      name: 'stateful',
      description: 'flushes on reductions among the first 60 changes it ever sees',
      onLeafChange: (c: LeafChange) =>
        !Object.isFrozen(c) &&
        seen++ < 60 &&
        c.permissionsReduced && { scope: 'all', timing: 'now' },
    });
    expect(await failures(stateful)).toContainEqual(
      expect.stringMatching(
        /^gives identical results .* :: migration-bitmap seed 1 gave different results on a second run: the policy keeps state between runs/,
      ),
    );
  });

  it('a range that cannot exist, and a name a built-in has', async () => {
    const badRange = definePolicy({
      name: 'kvm-v6.13',
      description: 'an empty range',
      onLeafChange: () => ({ scope: { kind: 'range', gfn: -1, count: 0 }, timing: 'now' }),
    });
    const found = (await failures(badRange)).join('\n');
    expect(found).toMatch(/a range needs an integer gfn ≥ 0 and count ≥ 1/);
    expect(found).toMatch(
      /its name is not taken .* :: the name 'kvm-v6\.13' is taken by a built-in/,
    );
  });

  it('an invalid definition is a failing case, not a crash of the suite', async () => {
    const found = await failures({ name: 'bad name!', description: '' } as FlushPolicy);
    expect(found[0]).toMatch(/^is a valid policy .* :: name must be .*\ndescription must be/);
  });
});

describe('safety failures report the lost writes with their traces', () => {
  /** An injected simulator (as RuleTester takes describe/it): one scenario, one violation. */
  const fake: SimulatorFactory = ({ plugins }) => {
    const sim: ConformanceSimulator = {
      policyNames: () => plugins.map((p) => p.name),
      policy: (name) => plugins.find((p) => p.name === name)!,
      scenarioNames: () => ['fake-scenario'],
      scenario: (name) => ({ name }),
      run: ({ seed }) => ({
        violations:
          seed === 2
            ? [
                {
                  kind: 'migration',
                  gfn: 3,
                  vcpu: 1,
                  step: 9,
                  message: 'gfn 3 was written after the final harvest and never copied',
                  trace: [
                    {
                      step: 4,
                      actor: 'vmm',
                      operation: 'get_dirty_log',
                      detail: 'W=1 MW=1 → W=0 MW=1',
                    },
                    {
                      step: 9,
                      actor: 'vcpu1',
                      operation: 'write',
                      detail: 'write via stale TLB entry',
                    },
                  ],
                },
              ]
            : [],
      }),
      check: () => ({ verdict: 'safe', statesExplored: 1 }),
    };
    return sim;
  };

  it('names the scenario and seed, and prints every step of the trace', async () => {
    const report = await checkPolicyConformance(safeish, { simulator: fake, seeds: [1, 2, 3] });
    const failed = report.cases.find((c) => !c.passed)!;
    expect(report.passed).toBe(false);
    expect(failed.scenario).toBe('fake-scenario');
    expect(failed.violations.map((v) => v.seed)).toEqual([2]);
    expect(failed.message).toBe(
      [
        "policy 'kit-probe' lost writes in fake-scenario with 1 of 3 seeds:",
        '',
        'fake-scenario seed 2: migration violation at step 9 (vcpu 1, gfn 3): gfn 3 was written after the final harvest and never copied',
        '  trace:',
        '         4  vmm      get_dirty_log: W=1 MW=1 → W=0 MW=1',
        '         9  vcpu1    write: write via stale TLB entry',
      ].join('\n'),
    );
  });
});
