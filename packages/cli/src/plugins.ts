import { type LoadedPlugin, loadPlugins, PluginError } from '@spte-lab/flush-policies';
import { createSimulator, type Simulator, type SimulatorOptions } from '@spte-lab/simulator';
import { PolicyError } from '@spte-lab/spte-core';
import { Option } from 'commander';
import { CliError } from './errors.js';
import { resolveSpteLabPackagesForPlugins } from './plugin-resolution.js';

/**
 * `--plugin <module>`, repeatable: an npm package name or a path to a .js/.mjs/.cjs/.ts file.
 * Every command that runs simulations adds it; the values arrive as a list in order.
 */
export function pluginOption(): Option {
  return new Option(
    '--plugin <module>',
    'load flush policies from an npm package or a .js/.mjs/.cjs/.ts file (repeatable)',
  ).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
}

/** The plugins of one command, loaded and checked before anything runs. */
export interface CliPlugins {
  readonly loaded: readonly LoadedPlugin[];
  /** What `createSimulator({ plugins })` takes. */
  readonly plugins: NonNullable<SimulatorOptions['plugins']>;
  /** The plugin (as given) a policy came from; undefined for built-ins. */
  pluginOf(policy: string): string | undefined;
  /** The simulator with the plugins loaded, over `options`. */
  simulator(options?: Omit<SimulatorOptions, 'plugins'>): Simulator;
  /**
   * Runs `work` (the runs); a plugin's policy that throws stops it with one line naming the
   * plugin, the policy and the error, exit code 2. Nothing has been printed yet at that point,
   * so no partial report with other policies' results is left behind.
   */
  guard<T>(work: () => T | Promise<T>): Promise<T>;
}

/**
 * Loads `--plugin` values from `cwd`. A bad plugin (not found, no valid export, a duplicate
 * name, a wrong apiVersion, a throw while loading) is a CliError: one line, exit code 2.
 */
export async function loadCliPlugins(
  specifiers: readonly string[] | undefined,
  cwd: string,
): Promise<CliPlugins> {
  let loaded: LoadedPlugin[];
  if (specifiers?.length) resolveSpteLabPackagesForPlugins();
  try {
    loaded = await loadPlugins(specifiers ?? [], { cwd });
  } catch (error) {
    if (error instanceof PluginError) throw new CliError(error.message);
    throw error;
  }
  const owner = new Map<string, string>();
  for (const plugin of loaded) {
    for (const policy of plugin.policies) owner.set(policy.name, plugin.specifier);
  }
  const plugins = loaded.flatMap((p) => p.contributions);
  const pluginOf = (policy: string) => owner.get(policy);
  return {
    loaded,
    plugins,
    pluginOf,
    simulator: (options = {}) => {
      try {
        return createSimulator({ ...options, plugins });
      } catch (error) {
        // A ContainerModule whose policies could not be listed beforehand clashed after all.
        if (loaded.length > 0 && /two policies are named/.test((error as Error).message)) {
          throw new CliError(`--plugin: ${(error as Error).message}`);
        }
        throw error;
      }
    },
    guard: async (work) => {
      try {
        return await work();
      } catch (error) {
        if (!(error instanceof PolicyError)) throw error;
        const plugin = pluginOf(error.policy);
        if (plugin === undefined) throw error;
        throw new CliError(`plugin '${plugin}': ${error.message.split('\n')[0]}`);
      }
    },
  };
}
