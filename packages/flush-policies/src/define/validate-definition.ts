import { isKernelVersion, KERNEL_VERSIONS } from '@spte-lab/spte-core';
import { apiVersionProblem } from '../api-version.js';
import { DEFINITION_KEYS } from './policy-definition.js';

/** Policy names go on command lines and in comma-separated lists. */
export const POLICY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A definition `definePolicy` cannot accept; the message lists every problem. */
export class PolicyDefinitionError extends TypeError {
  constructor(
    readonly problems: readonly string[],
    name: unknown,
  ) {
    const who = typeof name === 'string' && name ? `definePolicy('${name}')` : 'definePolicy()';
    super(`${who}: ${problems.join('; ')}`);
    this.name = 'PolicyDefinitionError';
  }
}

/**
 * Every problem with a definition, checked when the plugin loads rather than in the middle of
 * a run. A wrong apiVersion is reported alone: keys from a newer API would only add noise.
 */
export function definitionProblems(definition: unknown): string[] {
  if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) {
    return [`expected an object with name and description (got ${describe(definition)})`];
  }
  const d = definition as Record<string, unknown>;
  if (d.apiVersion !== undefined) {
    const problem = apiVersionProblem(d.apiVersion);
    if (problem) return [problem];
  }
  const problems: string[] = [];
  if (typeof d.name !== 'string' || !POLICY_NAME.test(d.name)) {
    problems.push(
      `name must be 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit (got ${describe(d.name)})`,
    );
  }
  if (typeof d.description !== 'string' || d.description.trim() === '') {
    problems.push(`description must be a non-empty string (got ${describe(d.description)})`);
  }
  if (d.kernel !== undefined && !isKernelVersion(d.kernel as string)) {
    problems.push(
      `kernel must be one of ${KERNEL_VERSIONS.join(', ')} (got ${describe(d.kernel)})`,
    );
  }
  if (
    d.kvmBehaviour !== undefined &&
    (d.kvmBehaviour === null || typeof d.kvmBehaviour !== 'object' || Array.isArray(d.kvmBehaviour))
  ) {
    problems.push(`kvmBehaviour must be an object (got ${describe(d.kvmBehaviour)})`);
  }
  for (const hook of ['onLeafChange', 'onFlushPoint'] as const) {
    if (d[hook] !== undefined && typeof d[hook] !== 'function') {
      problems.push(`${hook} must be a function (got ${describe(d[hook])})`);
    }
  }
  const unknown = Object.keys(d).filter((k) => !(DEFINITION_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    problems.push(
      `unknown ${unknown.length === 1 ? 'key' : 'keys'} ${unknown.map((k) => `'${k}'`).join(', ')} (known: ${DEFINITION_KEYS.join(', ')})`,
    );
  }
  return problems;
}

function describe(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
