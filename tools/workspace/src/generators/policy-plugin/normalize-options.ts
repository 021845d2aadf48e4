import { builtInPolicies, POLICY_NAME } from '@spte-lab/flush-policies';
import type { Tree } from '@nx/devkit';
import type { PolicyPluginSchema } from './schema.js';

export interface PolicyPluginOptions {
  readonly name: string;
  readonly directory: string;
  readonly packageName: string;
  readonly description: string;
}

/**
 * Defaults filled in and everything checked before a file is written: the same name rules
 * definePolicy applies, no built-in's name (the CLI would refuse the plugin), no existing
 * directory (a generator never overwrites someone's work).
 */
export function normalizeOptions(tree: Tree, schema: PolicyPluginSchema): PolicyPluginOptions {
  const name = schema.name?.trim() ?? '';
  if (!POLICY_NAME.test(name)) {
    throw new Error(
      `policy-plugin: '${name}' is not a policy name (1–64 letters, digits, '.', '_' or '-', starting with a letter or digit)`,
    );
  }
  if (name in builtInPolicies) {
    throw new Error(`policy-plugin: '${name}' is the name of a built-in policy; choose another`);
  }
  const directory = (schema.directory ?? `examples/${name}`).replace(/\/+$/, '');
  if (tree.exists(directory)) {
    throw new Error(`policy-plugin: ${directory} already exists; choose another --directory`);
  }
  return {
    name,
    directory,
    packageName: schema.packageName ?? `spte-lab-policy-${name}`,
    description:
      schema.description ??
      'flushes every TLB at once on every leaf change that takes a permission away',
  };
}
