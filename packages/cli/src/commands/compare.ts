import { DEFAULT_BASELINE } from '@spte-lab/reporter';
import type { Retention } from '@spte-lab/simulator';
import { type Command, Option } from 'commander';
import { commandLine } from '../command-line.js';
import { CliError } from '../errors.js';
import { globalFlags } from '../global-options.js';
import type { CliIo } from '../io.js';
import { createProgress } from '../progress.js';
import { compareDocument } from './compare-document.js';
import { checkOutDirectory, emitReport } from './emit-report.js';
import { chosenRenderer, type FormatName } from './formats.js';
import { openGrid } from './open-grid.js';
import { runReportOptions } from './report-options.js';
import { commaList, nonNegativeInt, seedList } from './options.js';
import { runGrid } from './run-grid.js';
import { runSweep } from '../sweep/run-sweep.js';
import { gridSize } from '../sweep/sweep-spec.js';

interface CompareOptions {
  policies?: string[];
  scenarios?: string[];
  seed: number;
  seeds?: number[];
  baseline?: string;
  format: FormatName;
  out?: string;
  retention: Retention;
  costModel?: string;
  eagerSplit?: 'on' | 'off' | 'fails';
  plugin?: string[];
  stallTimeout: number;
  failOnViolation?: boolean;
}

export function registerCompare(program: Command, io: CliIo): void {
  const command = program
    .command('compare')
    .description('compare flush policies on the preset scenarios (the main job)')
    .option(
      '-p, --policies <names>',
      'comma-separated policies (default: every built-in)',
      commaList,
    )
    .option(
      '-s, --scenarios <names>',
      'comma-separated scenarios (default: every preset)',
      commaList,
    )
    .addOption(
      new Option('--seed <n>', 'one seed for the workload and the scheduler')
        .argParser(nonNegativeInt)
        .default(1)
        .conflicts('seeds'),
    )
    .option(
      '--seeds <list>',
      'several seeds: a list and/or ranges, e.g. 1..10 or 1,4,9 (mean and min–max)',
      seedList,
    );
  for (const option of runReportOptions('compared')) command.addOption(option);
  command
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  spte-lab compare                                  every policy × every scenario, seed 1\n' +
        '  spte-lab compare --policies kvm-v6.13,never --seed 7\n' +
        '  spte-lab compare -s migration-bitmap --seeds 1..10 --format md   mean and min–max over 10 seeds, Markdown\n' +
        '  spte-lab compare --baseline kvm-v6.12 --out report.html\n' +
        '  spte-lab compare --format json > result.json      the result document (see `report`)\n' +
        '  spte-lab compare --fail-on-violation --quiet      for CI: exit 1 if a write was lost\n' +
        "  spte-lab compare --cost-model my-costs.json       other cycle costs (tlb-model's format)",
    )
    .action(async (options: CompareOptions, command: Command) => {
      const flags = globalFlags(command, io);
      const { costModel, plugins, simulator, policies, scenarios } = await openGrid(options, io);
      const seeds = options.seeds ?? [options.seed];
      const baseline =
        options.baseline ?? (policies.includes(DEFAULT_BASELINE) ? DEFAULT_BASELINE : undefined);
      if (baseline !== undefined && !policies.includes(baseline)) {
        throw new CliError(
          `--baseline: '${baseline}' is not one of the compared policies (${policies.join(', ')})`,
        );
      }
      const renderer = chosenRenderer(command, options.format, options.out, simulator.renderers());
      await checkOutDirectory(options.out, io);

      const progress = createProgress({
        total: policies.length * scenarios.length * seeds.length,
        stream: io.progressStream,
        enabled: io.isTTY && !flags.quiet,
      });
      const grid = {
        policies,
        scenarios,
        seeds,
        retention: options.retention,
        ...(options.eagerSplit ? { eagerSplit: options.eagerSplit } : {}),
      };
      // With plugins, the runs go to a worker thread under the stall watchdog, as a sweep's.
      const runs =
        plugins.loaded.length === 0
          ? await runGrid(simulator, grid, progress)
          : await runSweep(
              { ...grid, grid: [], plugins: options.plugin ?? [], cwd: io.cwd, costModel },
              Array.from({ length: gridSize({ ...grid, grid: [] }) }, (_, i) => i),
              {
                workers: 1,
                progress,
                simulator,
                pluginOf: plugins.pluginOf,
                stallTimeout: options.stallTimeout,
                command: 'compare',
              },
            );
      const doc = compareDocument(
        commandLine(command),
        simulator,
        { ...grid, baseline, extensions: plugins.extensions },
        runs,
      );
      await emitReport(
        doc,
        { renderer, out: options.out, baseline, failOnViolation: options.failOnViolation },
        flags,
        io,
      );
    });
}
