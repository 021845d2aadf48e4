import type { FlushPolicy } from '@spte-lab/spte-core';
import { definePolicy, isDefinedPolicy } from '../define-policy.js';
import type { PolicyDefinition } from '../define/policy-definition.js';
import type { ConformanceCase, KitContext } from './conformance-case.js';
import { ConformanceFailure } from './conformance-failure.js';
import { contractCases } from './contract-cases.js';
import {
  type ConformanceSimulator,
  loadSimulatorFactory,
  type SimulatorFactory,
} from './harness.js';
import { explorerCase, scenarioCase } from './safety-cases.js';

export interface ConformanceOptions {
  /** Preset scenarios to run (default: every preset the simulator has). Each at most once. */
  readonly scenarios?: readonly string[];
  /** Seeds for every scenario (default 1–20). Each at most once. */
  readonly seeds?: readonly number[];
  /** Also explore every interleaving of the default small configuration (default true). */
  readonly explore?: boolean;
  /**
   * The simulator to run on: `createSimulator` from `@spte-lab/simulator`. Default: that
   * package, loaded from your project when the first case runs.
   */
  readonly simulator?: SimulatorFactory;
  /** Per-test timeout in ms, for frameworks that take one (default 120 000). */
  readonly timeout?: number;
}

export const DEFAULT_SEEDS: readonly number[] = Array.from({ length: 20 }, (_, i) => i + 1);

/** The cases for one policy: the contract at once, the scenarios once their names are known. */
export interface ConformanceKit {
  readonly name: string;
  readonly contract: readonly ConformanceCase[];
  safety(): Promise<ConformanceCase[]>;
}

function unique<T>(what: string, list: readonly T[] | undefined, valid: (x: T) => boolean): void {
  if (list === undefined) return;
  if (list.length === 0) throw new TypeError(`conformance: ${what} must not be empty`);
  const seen = new Set<T>();
  for (const item of list) {
    if (!valid(item))
      throw new TypeError(
        `conformance: ${JSON.stringify(item)} is not a valid ${what.replace(/s$/, '')}`,
      );
    // Two cases with one name would hide one result behind the other (as RuleTester refuses).
    if (seen.has(item))
      throw new TypeError(
        `conformance: ${what.replace(/s$/, '')} ${JSON.stringify(item)} is listed twice`,
      );
    seen.add(item);
  }
}

/** A policy as given; an invalid definition is kept as it is, for the contract case to report. */
function asPolicy(policy: FlushPolicy | PolicyDefinition): FlushPolicy {
  if (isDefinedPolicy(policy)) return policy;
  try {
    return definePolicy(policy as PolicyDefinition);
  } catch {
    return policy as FlushPolicy;
  }
}

export function conformanceKit(
  given: FlushPolicy | PolicyDefinition,
  options: ConformanceOptions,
): ConformanceKit {
  unique('seeds', options.seeds, (s) => Number.isSafeInteger(s) && s >= 0);
  unique('scenarios', options.scenarios, (s) => typeof s === 'string' && s.length > 0);
  const policy = asPolicy(given);
  const factory = () =>
    options.simulator ? Promise.resolve(options.simulator) : loadSimulatorFactory();
  let plain: Promise<ConformanceSimulator> | undefined;
  let withPolicy: Promise<ConformanceSimulator> | undefined;
  const bare = () => (plain ??= factory().then((make) => make({ plugins: [] })));
  const ctx: KitContext = {
    seeds: options.seeds ?? DEFAULT_SEEDS,
    simulator: () =>
      (withPolicy ??= Promise.all([factory(), bare()]).then(([make, sim]) => {
        if (!sim.policyNames().includes(policy.name)) return make({ plugins: [policy] });
        // A built-in checking itself is already registered; anything else is a clash.
        const registered = sim.policy(policy.name);
        if (registered === policy || registered === given) return sim;
        throw new ConformanceFailure(
          `the name '${policy.name}' is taken by a built-in policy; rename the policy (spte-lab refuses to load a plugin whose policy clashes)`,
        );
      })),
    scenarioNames: async () => options.scenarios ?? (await bare()).scenarioNames(),
  };
  return {
    name: policy.name,
    contract: contractCases(policy, ctx),
    safety: async () => [
      ...(await ctx.scenarioNames()).map((s) => scenarioCase(policy, s, ctx)),
      ...(options.explore === false ? [] : [explorerCase(policy, ctx)]),
    ],
  };
}
