import { FLUSH_POLICY, type FlushPolicy } from '@spte-lab/spte-core';
import type { RunResult } from '@spte-lab/reporter';
import { SCENARIO_PRESET, type ScenarioPreset } from '@spte-lab/workload-gen';
import { inject, injectable, multiInject } from 'inversify';
import { GUEST_TLB_FACTORY } from './di/tokens.js';
import type { RunInput } from './run/run-input.js';
import { type GuestTlbFactory, ScenarioRun } from './run/scenario-run.js';
import { UnknownNameError } from './unknown-name-error.js';

/** A comparison: every named policy × every named scenario × every seed. */
export interface CompareInput extends Omit<RunInput, 'policy' | 'scenario' | 'seed'> {
  readonly policies: readonly string[];
  readonly scenarios: readonly string[];
  readonly seeds: readonly number[];
}

/**
 * The facade the CLI and library users drive: policies and scenarios found by name in the
 * container, and runs built from them.
 */
@injectable()
export class Simulator {
  private readonly policiesByName = new Map<string, FlushPolicy>();
  private readonly scenariosByName = new Map<string, ScenarioPreset>();

  constructor(
    @multiInject(FLUSH_POLICY) policies: FlushPolicy[],
    @multiInject(SCENARIO_PRESET) scenarios: ScenarioPreset[],
    @inject(GUEST_TLB_FACTORY) private readonly tlbFactory: GuestTlbFactory,
  ) {
    for (const policy of policies) {
      if (this.policiesByName.has(policy.name)) {
        throw new Error(`two policies are named '${policy.name}'; policy names must be unique`);
      }
      this.policiesByName.set(policy.name, policy);
    }
    for (const scenario of scenarios) this.scenariosByName.set(scenario.name, scenario);
  }

  policyNames(): string[] {
    return [...this.policiesByName.keys()];
  }

  scenarioNames(): string[] {
    return [...this.scenariosByName.keys()];
  }

  policy(name: string): FlushPolicy {
    const policy = this.policiesByName.get(name);
    if (!policy) throw new UnknownNameError('policy', name, this.policyNames());
    return policy;
  }

  scenario(name: string): ScenarioPreset {
    const scenario = this.scenariosByName.get(name);
    if (!scenario) throw new UnknownNameError('scenario', name, this.scenarioNames());
    return scenario;
  }

  run(input: RunInput): RunResult {
    return new ScenarioRun(input, this.tlbFactory).execute();
  }

  /** Runs the grid in a fixed order (scenario, policy, seed), so results are reproducible. */
  compare(input: CompareInput): RunResult[] {
    const policies = input.policies.map((name) => this.policy(name));
    const scenarios = input.scenarios.map((name) => this.scenario(name));
    const runs: RunResult[] = [];
    for (const scenario of scenarios) {
      for (const policy of policies) {
        for (const seed of input.seeds) runs.push(this.run({ ...input, policy, scenario, seed }));
      }
    }
    return runs;
  }
}
