import {
  type FlushDecision,
  type FlushPolicy,
  type FlushRequest,
  PolicyAdapter,
} from '@spte-lab/spte-core';
import { POLICY_API_VERSION } from '../api-version.js';
import { definitionProblems } from '../define/validate-definition.js';
import type { ConformanceCase, KitContext } from './conformance-case.js';
import { ConformanceFailure } from './conformance-failure.js';
import { type Sample, sampleFlushPoints, sampleLeafChanges } from './sample-inputs.js';

/** What the port's adapter does not check: ranges and vCPU lists that make sense. */
function scopeProblem(request: FlushRequest): string | undefined {
  const scope = request.scope;
  const int = (n: unknown, min: number) => Number.isInteger(n) && (n as number) >= min;
  if (scope.kind === 'range' && !(int(scope.gfn, 0) && int(scope.count, 1))) {
    return `a range needs an integer gfn ≥ 0 and count ≥ 1 (got ${JSON.stringify(scope)})`;
  }
  if (
    scope.kind === 'vcpus' &&
    !(Array.isArray(scope.vcpus) && scope.vcpus.every((v) => int(v, 0)))
  ) {
    return `vcpus must be a list of vCPU indices (got ${JSON.stringify(scope)})`;
  }
  return undefined;
}

/**
 * Asks the hook about every sample twice, through the simulator's own adapter (which turns a
 * throw or a malformed answer into an error naming the policy): both answers must be valid and
 * equal. Samples are frozen, so a hook that mutates its input throws and fails here.
 */
function checkAnswers<T>(samples: readonly Sample<T>[], ask: (input: T) => FlushDecision): void {
  const problems: string[] = [];
  for (const { label, input } of samples) {
    try {
      const first = ask(input);
      const again = ask(input);
      const list = first == null ? [] : Array.isArray(first) ? first : [first as FlushRequest];
      for (const request of list) {
        const problem = scopeProblem(request);
        if (problem) problems.push(`${label}: ${problem}`);
      }
      if (JSON.stringify(first) !== JSON.stringify(again)) {
        problems.push(
          `${label}: answered ${JSON.stringify(first)}, then ${JSON.stringify(again)} to the same input`,
        );
      }
    } catch (error) {
      problems.push(`${label}: ${(error as Error).message}`);
    }
    if (problems.length >= 10) break;
  }
  if (problems.length > 0) throw new ConformanceFailure(problems.join('\n'));
}

/** The contract: a well-formed definition, valid deterministic answers, reproducible runs. */
export function contractCases(policy: FlushPolicy, ctx: KitContext): ConformanceCase[] {
  const adapter = () => new PolicyAdapter(policy);
  return [
    {
      group: 'contract',
      name: `is a valid policy for policy API ${POLICY_API_VERSION}`,
      run: async () => {
        const problems = definitionProblems(policy);
        if (problems.length > 0) throw new ConformanceFailure(problems.join('\n'));
      },
    },
    {
      group: 'contract',
      name: 'its name is not taken by a built-in policy',
      run: async () => void (await ctx.simulator()),
    },
    {
      group: 'contract',
      name: 'answers every leaf change at every call site validly, deterministically, without mutating it',
      run: async () => {
        const a = adapter();
        checkAnswers(sampleLeafChanges(), (change) => a.onLeafChange(change));
      },
    },
    {
      group: 'contract',
      name: 'answers every flush point validly, deterministically, without mutating it',
      run: async () => {
        const a = adapter();
        checkAnswers(sampleFlushPoints(), (point) => a.onFlushPoint(point));
      },
    },
    {
      group: 'contract',
      name: `gives identical results for the same seed run twice (no state kept between runs)`,
      run: async () => {
        const sim = await ctx.simulator();
        const scenario = (await ctx.scenarioNames())[0]!;
        const seed = ctx.seeds[0]!;
        const once = () =>
          JSON.stringify(
            sim.run({ policy, scenario: sim.scenario(scenario), seed, retention: 'adversarial' }),
          );
        const [first, second] = [once(), once()];
        if (first !== second) {
          throw new ConformanceFailure(
            `${scenario} seed ${seed} gave different results on a second run: the policy keeps state between runs, or draws randomness that is not the seed's`,
          );
        }
      },
    },
  ];
}
