import {
  builtInPolicies,
  isContainerModule,
  type LoadedPlugin,
  loadPlugins,
  PluginError,
} from '@spte-lab/flush-policies';
import type { Extension } from '@spte-lab/reporter';
import {
  createSimulator,
  type Simulator,
  type SimulatorOptions,
  tokensBoundBy,
} from '@spte-lab/simulator';
import { FLUSH_POLICY, type FlushPolicy } from '@spte-lab/spte-core';
import { Option } from 'commander';
import { isMainThread } from 'node:worker_threads';
import { ContainerModule } from 'inversify';
import { guardedPolicy } from './containment/guarded-policy.js';
import type { HeartbeatWriter } from './containment/heartbeat.js';
import { withExitTrapped } from './containment/plugin-exit.js';
import { probePluginLoad } from './containment/plugin-load-probe.js';
import { DEFAULT_STALL_TIMEOUT } from './containment/stall-timeout-option.js';
import { CliError } from './errors.js';
import { resolveSpteLabPackagesForPlugins, spteLabFallbackPackages } from './plugin-resolution.js';

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
  /**
   * Per plugin whose ContainerModule binds any DI token, the tokens (what the result document
   * records under `extensions`); plugins of definePolicy policies only are not listed.
   */
  readonly extensions: readonly Extension[];
  /** The plugin (as given) a policy came from; undefined for built-ins. */
  pluginOf(policy: string): string | undefined;
  /** The simulator with the plugins loaded, over `options`. */
  simulator(options?: Omit<SimulatorOptions, 'plugins'>): Simulator;
}

/**
 * How long a plugin may take to load, in seconds (0: no limit): the running command's
 * `--stall-timeout`, set by the program before each command's action (program.ts), so every
 * command that takes --plugin has it without passing it down.
 */
let loadTimeout = DEFAULT_STALL_TIMEOUT;

export function setPluginLoadTimeout(seconds: number): void {
  loadTimeout = seconds;
}

/**
 * Every policy the container resolves that is not a built-in — those the plugins add, listed
 * or bound by a ContainerModule — is wrapped by guardedPolicy (read-only inputs, heartbeat).
 */
function guardModule(heartbeat: HeartbeatWriter | undefined): ContainerModule {
  return new ContainerModule(({ onActivation }) => {
    onActivation<FlushPolicy>(FLUSH_POLICY, (_context, policy) =>
      Object.hasOwn(builtInPolicies, policy.name) ? policy : guardedPolicy(policy, heartbeat),
    );
  });
}

/**
 * Loads `--plugin` values from `cwd`. A bad plugin (not found, no valid export, a duplicate
 * name, a wrong apiVersion, a throw or a `process.exit` while loading, top-level code that has
 * not finished after `--stall-timeout` seconds) is a CliError: one line, exit code 2.
 * `heartbeat`: where a worker thread says which plugin it is importing and, later, which plugin
 * hook it is in (the caller leaves the loading mark once its simulator is built).
 */
export async function loadCliPlugins(
  specifiers: readonly string[] | undefined,
  cwd: string,
  heartbeat?: HeartbeatWriter,
): Promise<CliPlugins> {
  let loaded: LoadedPlugin[];
  if (specifiers?.length) resolveSpteLabPackagesForPlugins();
  // A worker thread's own import needs no probe: the main thread's probe has loaded them all.
  if (isMainThread) await probePluginLoad(specifiers ?? [], cwd, loadTimeout);
  try {
    loaded = await withExitTrapped(() =>
      loadPlugins(specifiers ?? [], {
        cwd,
        ...(specifiers?.length ? { fallbackPackages: spteLabFallbackPackages() } : {}),
        ...(heartbeat ? { onImport: (specifier: string) => heartbeat.loading(specifier) } : {}),
      }),
    );
  } catch (error) {
    if (error instanceof PluginError) throw new CliError(error.message);
    throw error;
  }
  const owner = new Map<string, string>();
  for (const plugin of loaded) {
    for (const policy of plugin.policies) owner.set(policy.name, plugin.specifier);
  }
  const plugins = loaded.length
    ? [...loaded.flatMap((p) => p.contributions), guardModule(heartbeat)]
    : [];
  const pluginOf = (policy: string) => owner.get(policy);
  const extensions = loaded.flatMap((plugin) => {
    const tokens = new Set(plugin.contributions.filter(isContainerModule).flatMap(tokensBoundBy));
    return tokens.size > 0 ? [{ plugin: plugin.specifier, tokens: [...tokens] }] : [];
  });
  return {
    loaded,
    plugins,
    extensions,
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
  };
}
