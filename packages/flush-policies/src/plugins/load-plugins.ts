import type { FlushPolicy } from '@spte-lab/spte-core';
import type { ContainerModule } from 'inversify';
import { builtInPolicies } from '../registry.js';
import { type ImportPluginOptions, importPlugin } from './import-plugin.js';
import { PluginError } from './plugin-error.js';
import { pluginContents } from './plugin-exports.js';

/** One loaded plugin: where it came from and what it adds. */
export interface LoadedPlugin {
  /** As given: a path or an npm package name. */
  readonly specifier: string;
  /** The file its module was loaded from. */
  readonly path: string;
  /** Its policies (for a ContainerModule, those it binds under FLUSH_POLICY, when listable). */
  readonly policies: readonly FlushPolicy[];
  /** Hand these to `createSimulator({ plugins })`. */
  readonly contributions: readonly (FlushPolicy | ContainerModule)[];
}

export interface LoadPluginsOptions {
  /** Paths are relative to, and packages are resolved from, this directory (default: cwd). */
  readonly cwd?: string;
  /** Names already taken, with who took them (default: every built-in policy). */
  readonly taken?: ReadonlyMap<string, string>;
  /** Packages lent to plugins that do not have them installed (see `importPlugin`). */
  readonly fallbackPackages?: ImportPluginOptions['fallbackPackages'];
  /** Called just before each plugin's import (a host's watchdog names the one that hangs). */
  readonly onImport?: (specifier: string) => void;
}

/**
 * Loads plugins in order: `--plugin <npm package | path to .js/.mjs/.cjs/.ts file>`. Every
 * problem is a PluginError naming the plugin; nothing is half-loaded, because the caller gets
 * the plugins only when all of them loaded and every policy name is unique.
 */
export async function loadPlugins(
  specifiers: readonly string[],
  options: LoadPluginsOptions = {},
): Promise<LoadedPlugin[]> {
  const cwd = options.cwd ?? process.cwd();
  const owners = new Map(
    options.taken ?? Object.keys(builtInPolicies).map((name) => [name, 'a built-in policy']),
  );
  const loaded: LoadedPlugin[] = [];
  for (const specifier of specifiers) {
    if (loaded.some((p) => p.specifier === specifier)) {
      throw new PluginError(specifier, 'given twice');
    }
    options.onImport?.(specifier);
    const { path, module } = await importPlugin(specifier, cwd, {
      ...(options.fallbackPackages ? { fallbackPackages: options.fallbackPackages } : {}),
    });
    let contents;
    try {
      contents = pluginContents(module);
    } catch (error) {
      throw new PluginError(specifier, (error as Error).message, { cause: error });
    }
    for (const policy of contents.policies) {
      const owner = owners.get(policy.name);
      if (owner) {
        throw new PluginError(
          specifier,
          `duplicate policy name '${policy.name}': already defined by ${owner}; rename it`,
        );
      }
      owners.set(policy.name, `plugin '${specifier}'`);
    }
    loaded.push({ specifier, path, ...contents });
  }
  return loaded;
}
