import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { stallTimeoutOption } from '../containment/stall-timeout-option.js';
import { loadCliPlugins, pluginOption } from '../plugins.js';
import { columns, parameterText } from './list-text.js';

interface ListOptions {
  plugin?: string[];
  json?: boolean;
}

/** `spte-lab list policies` and `spte-lab list scenarios`: what `--policies`/`--scenarios` take. */
export function registerList(program: Command, io: CliIo): void {
  const list = program
    .command('list')
    .description('list the flush policies (built-in and from plugins) or the preset scenarios');

  list
    .command('policies')
    .description('every policy --policies accepts: name, where it comes from, its rule')
    .addOption(pluginOption())
    .addOption(stallTimeoutOption())
    .option('--json', 'print the list as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  spte-lab list policies\n' +
        '  spte-lab list policies --plugin ./flush-everything.mjs --plugin spte-lab-policy-mine',
    )
    .action(async (options: ListOptions) => {
      const plugins = await loadCliPlugins(options.plugin, io.cwd);
      const sim = plugins.simulator();
      const rows = sim.policyNames().map((name) => {
        const policy = sim.policy(name);
        const plugin = plugins.pluginOf(name);
        return {
          name,
          source: plugin === undefined ? 'built-in' : `plugin ${plugin}`,
          kernel: policy.kernel ?? 'v6.13',
          description: policy.description,
        };
      });
      io.out(
        options.json
          ? `${JSON.stringify(rows, null, 2)}\n`
          : columns(
              ['NAME', 'SOURCE', 'KERNEL', 'DESCRIPTION'],
              rows.map((r) => [r.name, r.source, r.kernel, r.description]),
            ),
      );
    });

  list
    .command('scenarios')
    .description(
      'every preset scenario: what it models, its SPTE format and MMU, spec sections, defaults',
    )
    .addOption(pluginOption())
    .addOption(stallTimeoutOption())
    .option('--json', 'print the list as JSON')
    .action(async (options: ListOptions) => {
      // A plugin's ContainerModule may bind scenarios too (SCENARIO_PRESET).
      const sim = (await loadCliPlugins(options.plugin, io.cwd)).simulator();
      const rows = sim.scenarioNames().map((name) => {
        const s = sim.scenario(name);
        return {
          name,
          description: s.description,
          format: s.format,
          mmu: s.mmu,
          specSections: [...s.specSections],
          defaults: { ...s.defaults },
        };
      });
      if (options.json) {
        io.out(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      // A block per scenario: the description is a sentence or two, too long for a column.
      const blocks = rows.map(
        (r) =>
          `${r.name}\n` +
          `  ${r.description}\n` +
          `  SPTE format ${r.format} · ${r.mmu} MMU · spec ${r.specSections.join(', ')}\n` +
          `  defaults: ${parameterText(r.defaults)}\n`,
      );
      io.out(blocks.join('\n'));
    });
}
