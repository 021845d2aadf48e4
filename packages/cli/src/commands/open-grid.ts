import type { CliIo } from '../io.js';
import { loadCliPlugins } from '../plugins.js';
import { checkNames } from './check-names.js';
import { costModelFor } from './cost-model.js';

/**
 * Where `compare` and `sweep` start: the cost model, the simulator with the plugins loaded, and
 * the policy and scenario names (default: all), checked before anything runs.
 */
export async function openGrid(
  options: {
    readonly costModel?: string;
    readonly plugin?: string[];
    readonly policies?: string[];
    readonly scenarios?: string[];
  },
  io: CliIo,
) {
  const costModel = costModelFor(options.costModel, io);
  const plugins = await loadCliPlugins(options.plugin, io.cwd);
  const simulator = plugins.simulator({ costModel });
  const policies = options.policies ?? simulator.policyNames();
  const scenarios = options.scenarios ?? simulator.scenarioNames();
  checkNames(simulator, policies, scenarios);
  return { costModel, plugins, simulator, policies, scenarios };
}
