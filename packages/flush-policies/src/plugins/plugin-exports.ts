import type { FlushPolicy } from '@spte-lab/spte-core';
import type { ContainerModule } from 'inversify';
import { apiVersionProblem } from '../api-version.js';
import { definePolicy, isDefinedPolicy } from '../define-policy.js';
import type { PolicyDefinition } from '../define/policy-definition.js';
import { isContainerModule, policiesBoundBy } from './container-module.js';

/** What one plugin module contributes. */
export interface PluginContents {
  /** Its policies: exported, or bound by its ContainerModule (when they can be listed). */
  readonly policies: readonly FlushPolicy[];
  /** What `createSimulator({ plugins })` takes from it: its policies, or its modules. */
  readonly contributions: readonly (FlushPolicy | ContainerModule)[];
}

const EXPECTED =
  'expected a default export made by definePolicy() (or an array of them) or an Inversify ContainerModule';

function isPolicyShaped(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'name' in value && 'description' in value;
}

/** A policy checked as definePolicy would check it; its apiVersion first, for a clear message. */
function checkedPolicy(value: unknown): FlushPolicy {
  const declared = (value as { apiVersion?: unknown }).apiVersion;
  const problem = declared === undefined ? undefined : apiVersionProblem(declared);
  if (problem) throw new Error(problem);
  return isDefinedPolicy(value) ? value : definePolicy(value as PolicyDefinition);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array of something else';
  return typeof value === 'object' ? 'an object that is neither' : `a ${typeof value}`;
}

/**
 * Reads a plugin module's exports: the default export when there is one, else every named
 * export that is a policy or a ContainerModule. Arrays are one level deep.
 * @throws Error with the problem (the caller names the plugin).
 */
export function pluginContents(module: unknown): PluginContents {
  const ns = (module ?? {}) as Record<string, unknown>;
  const hasDefault = ns.default !== undefined;
  const exported = hasDefault ? [ns.default] : Object.values(ns);
  const values = exported.flatMap((v) => (Array.isArray(v) ? (v as unknown[]) : [v]));
  const policies: FlushPolicy[] = [];
  const contributions: (FlushPolicy | ContainerModule)[] = [];
  for (const value of values) {
    if (isContainerModule(value)) {
      let bound: FlushPolicy[] | undefined;
      try {
        bound = policiesBoundBy(value);
      } catch (error) {
        throw new Error(`its ContainerModule threw while binding: ${(error as Error).message}`);
      }
      policies.push(...(bound ?? []).map(checkedPolicy));
      contributions.push(value);
    } else if (isPolicyShaped(value)) {
      const policy = checkedPolicy(value);
      policies.push(policy);
      contributions.push(policy);
    } else if (hasDefault) {
      throw new Error(`no valid export: ${EXPECTED}; its default export is ${kindOf(ns.default)}`);
    }
  }
  if (contributions.length === 0) {
    const names = Object.keys(ns);
    throw new Error(
      `no valid export: ${EXPECTED}; found ${names.length ? `exports ${names.join(', ')}` : 'no exports'}`,
    );
  }
  return { policies, contributions };
}
