import type { FlushPolicy } from '@spte-lab/spte-core';
import type { PolicyDefinition } from '../define/policy-definition.js';
import type { ConformanceCase } from './conformance-case.js';
import { ConformanceFailure, type ScenarioViolation } from './conformance-failure.js';
import { type ConformanceOptions, conformanceKit } from './conformance-kit.js';

export interface ConformanceCaseResult {
  readonly group: ConformanceCase['group'];
  readonly name: string;
  readonly scenario?: string;
  readonly passed: boolean;
  /** Why it failed: the violations with their traces, or the broken contract. */
  readonly message?: string;
  readonly violations: readonly ScenarioViolation[];
}

export interface ConformanceReport {
  readonly policy: string;
  readonly passed: boolean;
  readonly cases: readonly ConformanceCaseResult[];
}

/**
 * The same cases as describePolicyConformance, run now and reported as data: for frameworks
 * that cannot collect tests asynchronously, for scripts, and for asserting that a policy fails
 * where it is expected to.
 */
export async function checkPolicyConformance(
  policy: FlushPolicy | PolicyDefinition,
  options: ConformanceOptions = {},
): Promise<ConformanceReport> {
  const kit = conformanceKit(policy, options);
  let cases: ConformanceCase[];
  try {
    cases = [...kit.contract, ...(await kit.safety())];
  } catch (error) {
    const failed = {
      group: 'safety' as const,
      name: 'loads the simulator',
      run: () => Promise.reject(error),
    };
    cases = [...kit.contract, failed];
  }
  const results: ConformanceCaseResult[] = [];
  for (const c of cases) {
    try {
      await c.run();
      results.push({
        group: c.group,
        name: c.name,
        ...scenarioOf(c),
        passed: true,
        violations: [],
      });
    } catch (error) {
      results.push({
        group: c.group,
        name: c.name,
        ...scenarioOf(c),
        passed: false,
        message: (error as Error).message,
        violations: error instanceof ConformanceFailure ? error.violations : [],
      });
    }
  }
  return { policy: kit.name, passed: results.every((r) => r.passed), cases: results };
}

function scenarioOf(c: ConformanceCase): { scenario?: string } {
  return c.scenario === undefined ? {} : { scenario: c.scenario };
}
