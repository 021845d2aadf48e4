import type { FlushPolicy } from '@spte-lab/spte-core';
import { POLICY_API_VERSION } from '../api-version.js';
import type { PolicyDefinition } from '../define/policy-definition.js';
import { type ConformanceOptions, conformanceKit } from './conformance-kit.js';

/**
 * The author's test framework, injected as ESLint's RuleTester takes it: Vitest's `describe`
 * and `it` fit as they are. `describe` must accept an async body (Vitest does); with Jest,
 * whose describe cannot wait, pass `scenarios` and call `checkPolicyConformance` instead.
 */
export interface TestFramework {
  readonly describe: (name: string, body: () => void | Promise<void>) => unknown;
  readonly it: (name: string, body: () => Promise<void>, timeout?: number) => unknown;
}

/**
 * Registers the conformance suite for `policy` in the author's own test run:
 * - contract: a valid definition for this policy API, a name no built-in has, a valid and
 *   deterministic answer to every call site and flush point (inputs frozen: mutation fails),
 *   identical results for the same seed run twice;
 * - safety: every preset scenario over every seed in adversarial TLB retention, and the
 *   explorer over every interleaving of a small configuration. A failure lists the lost
 *   writes with the trace of steps that led to each.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { describePolicyConformance } from '@spte-lab/flush-policies/testing';
 * import policy from '../src/index.js';
 *
 * describePolicyConformance(policy, { describe, it });
 * ```
 * @throws TypeError at once for bad options (a seed or scenario listed twice, an empty list).
 */
export function describePolicyConformance(
  policy: FlushPolicy | PolicyDefinition,
  options: ConformanceOptions & TestFramework,
): void {
  const kit = conformanceKit(policy, options);
  const { describe, it } = options;
  const timeout = options.timeout ?? 120_000;
  describe(`policy '${kit.name}' conformance (policy API ${POLICY_API_VERSION})`, async () => {
    describe('contract', () => {
      for (const c of kit.contract) it(c.name, c.run, timeout);
    });
    let safety;
    try {
      safety = await kit.safety();
    } catch (error) {
      // No simulator to list scenarios with: one failing test says why, instead of none.
      it('loads the simulator', () => Promise.reject(error), timeout);
      return;
    }
    describe('safety (adversarial TLB retention)', () => {
      for (const c of safety) it(c.name, c.run, timeout);
    });
  });
}
