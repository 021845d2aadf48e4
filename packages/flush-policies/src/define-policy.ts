import type { FlushPoint, LeafChange } from '@spte-lab/spte-core';
import { POLICY_API_VERSION } from './api-version.js';
import { toPortDecision } from './define/normalize-decision.js';
import type { DefinedPolicy, PolicyDefinition } from './define/policy-definition.js';
import { definitionProblems, PolicyDefinitionError } from './define/validate-definition.js';

/**
 * Marks policies made by `definePolicy`. A registered symbol, so that a plugin that carries its
 * own copy of this package (another version, or the CommonJS build) is still recognized.
 */
const DEFINED = Symbol.for('@spte-lab/flush-policies:definePolicy');

/** True for a policy made by `definePolicy` (any copy of this package). */
export function isDefinedPolicy(value: unknown): value is DefinedPolicy {
  return typeof value === 'object' && value !== null && DEFINED in value;
}

/**
 * Defines a TLB-flush policy: checks the definition now (so a typo fails when the plugin loads,
 * not in the middle of a run), records the policy API version, and returns a frozen
 * `FlushPolicy` for the simulator. Hooks may answer with the `'all'` scope shorthand or the
 * port's object scopes, and with `false` for "no flush"; the returned policy's hooks answer in
 * the port's form. See PolicyDefinition for the contract and examples.
 *
 * @throws PolicyDefinitionError listing every problem (bad name, missing description, a hook
 *   that is not a function, an unknown key, an apiVersion this package cannot run).
 */
export function definePolicy(definition: PolicyDefinition): DefinedPolicy {
  if (isDefinedPolicy(definition)) return definition;
  const problems = definitionProblems(definition);
  if (problems.length > 0) {
    throw new PolicyDefinitionError(problems, (definition as { name?: unknown } | null)?.name);
  }
  const { name, description, kernel, kvmBehaviour } = definition;
  const { onLeafChange: leaf, onFlushPoint: point } = definition;
  // Hooks are called with the definition as `this`, so methods may share helpers on it.
  const policy: DefinedPolicy = {
    name,
    description,
    apiVersion: definition.apiVersion ?? POLICY_API_VERSION,
    ...(kernel ? { kernel } : {}),
    ...(kvmBehaviour ? { kvmBehaviour: Object.freeze({ ...kvmBehaviour }) } : {}),
    ...(leaf
      ? { onLeafChange: (change: LeafChange) => toPortDecision(leaf.call(definition, change)) }
      : {}),
    ...(point
      ? { onFlushPoint: (p: FlushPoint) => toPortDecision(point.call(definition, p)) }
      : {}),
  };
  // Not enumerable: `{ ...builtIn, name: 'mine' }` is a new definition and is checked again.
  Object.defineProperty(policy, DEFINED, { value: true });
  return Object.freeze(policy);
}
