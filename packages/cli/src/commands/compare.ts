import { RESULT_SCHEMA_VERSION, type ResultDocument, renderJson, renderTable } from '@spte-lab/reporter';
import { createSimulator, UnknownNameError } from '@spte-lab/simulator';
import { type Command, Option } from 'commander';
import { CliError, EXIT_VIOLATIONS } from '../errors.js';
import type { CliIo } from '../io.js';
import { VERSION } from '../version.js';
import { commaList, nonNegativeInt, useColor } from './options.js';

interface CompareOptions {
  policies?: string[];
  scenarios?: string[];
  seed: number;
  format: 'table' | 'json';
  retention: 'adversarial' | 'realistic';
  failOnViolation?: boolean;
}

export function registerCompare(program: Command, io: CliIo): void {
  program
    .command('compare')
    .description('compare flush policies on the preset scenarios (the main job)')
    .option('-p, --policies <names>', 'comma-separated policies (default: every built-in)', commaList)
    .option('-s, --scenarios <names>', 'comma-separated scenarios (default: every preset)', commaList)
    .option('--seed <n>', 'seed of the workload and the scheduler', nonNegativeInt, 1)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addOption(
      new Option('--retention <mode>', "TLB retention: 'adversarial' keeps stale entries until invalidated")
        .choices(['adversarial', 'realistic'])
        .default('adversarial'),
    )
    .option('--fail-on-violation', 'exit with code 1 when any run reports a violation')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  spte-lab compare\n' +
        '  spte-lab compare --policies kvm-v6.13,never --seed 7\n' +
        '  spte-lab compare --format json > result.json',
    )
    .action((options: CompareOptions, command: Command) => {
      const simulator = createSimulator();
      const policies = options.policies ?? simulator.policyNames();
      const scenarios = options.scenarios ?? simulator.scenarioNames();
      let runs;
      try {
        runs = simulator.compare({ policies, scenarios, seeds: [options.seed], retention: options.retention });
      } catch (error) {
        if (error instanceof UnknownNameError) throw new CliError(error.message);
        throw error;
      }
      const doc: ResultDocument = {
        schemaVersion: RESULT_SCHEMA_VERSION,
        tool: { name: 'spte-lab', version: VERSION },
        command: ['spte-lab', ...commandLine(command)].join(' '),
        parameters: { policies, scenarios, seed: options.seed, retention: options.retention },
        runs,
      };
      io.out(
        options.format === 'json'
          ? renderJson(doc)
          : renderTable(doc, { color: useColor(io.isTTY, io.env) }),
      );
      if (options.failOnViolation && runs.some((r) => r.violations.length > 0)) {
        io.exitCode = EXIT_VIOLATIONS;
      }
    });
}

function commandLine(command: Command): string[] {
  const parent = command.parent;
  const raw = (parent as unknown as { rawArgs?: string[] })?.rawArgs ?? [];
  const at = raw.indexOf(command.name());
  return at >= 0 ? raw.slice(at) : [command.name()];
}
