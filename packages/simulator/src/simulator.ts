import { FLUSH_POLICY, type FlushPolicy } from '@spte-lab/spte-core';
import { RENDERER, type Renderer, type RunResult, type Violation } from '@spte-lab/reporter';
import { COST_MODEL, type CostModel } from '@spte-lab/tlb-model';
import { SCENARIO_PRESET, type ScenarioPreset } from '@spte-lab/workload-gen';
import { inject, injectable, multiInject } from 'inversify';
import { GUEST_TLB_FACTORY } from './di/tokens.js';
import type { RunInput } from './run/run-input.js';
import { type GuestTlbFactory, ScenarioRun } from './run/scenario-run.js';
import { type CheckConfig, checkConfigProblems, DEFAULT_CHECK } from './explore/check-config.js';
import type { CheckReport, CheckSpec, ReplayFile } from './explore/check-report.js';
import { type CounterexampleStep, explainSchedule } from './explore/counterexample.js';
import { type ExploreProgress, explore, replay } from './explore/explorer.js';
import { SCENARIO_CHECKS } from './explore/scenario-checks.js';
import { type ShrinkResult, shrinkRun } from './shrink/shrink-run.js';
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
  private readonly renderersByFormat = new Map<string, Renderer>();

  constructor(
    @multiInject(FLUSH_POLICY) policies: FlushPolicy[],
    @multiInject(SCENARIO_PRESET) scenarios: ScenarioPreset[],
    @inject(GUEST_TLB_FACTORY) private readonly tlbFactory: GuestTlbFactory,
    @inject(COST_MODEL) private readonly costs: CostModel,
    @multiInject(RENDERER) renderers: Renderer[],
  ) {
    // Bound in load order, built-ins first: a plugin's renderer of the same format replaces
    // the built-in one, and of two plugins' the later --plugin wins.
    for (const renderer of renderers) this.renderersByFormat.set(renderer.format, renderer);
    for (const policy of policies) {
      if (this.policiesByName.has(policy.name)) {
        throw new Error(`two policies are named '${policy.name}'; policy names must be unique`);
      }
      this.policiesByName.set(policy.name, policy);
    }
    for (const scenario of scenarios) this.scenariosByName.set(scenario.name, scenario);
  }

  /**
   * The cycle-cost table the container holds: tlb-model's defaults, `costModel` of
   * createSimulator over them, or a plugin's COST_MODEL rebind (loaded last, so it wins).
   */
  costModel(): CostModel {
    return this.costs;
  }

  /** Every output format, one renderer per format name (see the constructor for clashes). */
  renderers(): Renderer[] {
    return [...this.renderersByFormat.values()];
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

  /**
   * Explores every interleaving of a small configuration (`spte-lab check`): "safe within the
   * bound", or the shortest counterexample with its step-by-step explanation and replay file.
   */
  check(
    input: Partial<CheckSpec> & { readonly policy: string; readonly scenario?: string },
    options: { readonly onProgress?: ExploreProgress } = {},
  ): CheckReport {
    const { scenario, ...rest } = input;
    const preset = scenario === undefined ? undefined : this.scenario(scenario);
    let spec: CheckSpec = {
      ...DEFAULT_CHECK,
      ...(preset
        ? { format: preset.format, mmu: preset.mmu, vm: preset.vm, ...SCENARIO_CHECKS[preset.name] }
        : {}),
      ...rest,
    };
    const policy = this.policy(spec.policy);
    if (spec.kernel === undefined) spec = { ...spec, kernel: policy.kernel ?? 'v6.13' };
    const config: CheckConfig = { ...spec, policy };
    const problems = checkConfigProblems(config);
    if (problems.length > 0) throw new RangeError(`check: ${problems.join('; ')}`);
    const outcome = explore(config, this.tlbFactory, options.onProgress);
    const report: CheckReport = {
      spec,
      verdict: outcome.verdict,
      statesExplored: outcome.statesExplored,
      transitions: outcome.transitions,
      depthReached: outcome.depthReached,
      maxDepth: outcome.maxDepth,
      seconds: outcome.seconds,
      statesPerSecond: Math.round(outcome.statesExplored / Math.max(outcome.seconds, 1e-9)),
      ...(outcome.reason ? { reason: outcome.reason } : {}),
    };
    const cx = outcome.counterexample;
    if (!cx) return report;
    return {
      ...report,
      violation: cx.violation,
      steps: explainSchedule(config, this.tlbFactory, cx.schedule),
      replay: { kind: 'spte-lab-schedule', schemaVersion: 1, spec, schedule: cx.schedule },
    };
  }

  /** Replays a schedule file: the steps explained, and the first violation it reaches. */
  replaySchedule(file: ReplayFile): { steps: CounterexampleStep[]; violation?: Violation } {
    const config: CheckConfig = {
      ...DEFAULT_CHECK,
      ...file.spec,
      policy: this.policy(file.spec.policy),
    };
    const steps = explainSchedule(config, this.tlbFactory, file.schedule);
    const world = replay(config, this.tlbFactory, file.schedule);
    if (world.choices([]).length === 0) world.finish();
    const violation = world.world.violations[0];
    return violation ? { steps, violation } : { steps };
  }

  /**
   * Shrinks a violating simulation run (policy × scenario × seed) to a minimal event stream
   * that still violates, by delta debugging; `undefined` when the run is clean.
   */
  shrink(input: RunInput, kind?: Violation['kind']): ShrinkResult | undefined {
    return shrinkRun(input, (candidate) => this.run(candidate), kind);
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
