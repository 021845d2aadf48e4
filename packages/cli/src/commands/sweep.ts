import { DEFAULT_BASELINE, type GridAxis } from '@spte-lab/reporter';
import { configurePreset, type ScenarioPreset } from '@spte-lab/workload-gen';
import type { Retention } from '@spte-lab/simulator';
import { type Command, Option } from 'commander';
import { CliError } from '../errors.js';
import { globalFlags } from '../global-options.js';
import type { CliIo } from '../io.js';
import { createProgress } from '../progress.js';
import { type GridFlag, gridFlag, resolveGrid } from '../sweep/grid-option.js';
import { runSweep, defaultWorkers } from '../sweep/run-sweep.js';
import { type Shard, shardIndices, shardOption } from '../sweep/shard-option.js';
import { sweepCommandLine } from '../sweep/sweep-command.js';
import { sweepDocument } from '../sweep/sweep-document.js';
import { gridSize, pointAt, type SweepSpec } from '../sweep/sweep-spec.js';
import { guardSweepSize, yesOption } from '../size-guard.js';
import { checkOutDirectory, emitReport } from './emit-report.js';
import { chosenRenderer, type FormatName } from './formats.js';
import { openGrid } from './open-grid.js';
import { runReportOptions } from './report-options.js';
import { commaList, positiveInt, seedList } from './options.js';

interface SweepOptions {
  policies?: string[];
  scenarios?: string[];
  seeds: number[];
  grid?: GridFlag[];
  workers?: number;
  shard?: Shard;
  baseline?: string;
  format: FormatName;
  out?: string;
  retention: Retention;
  eagerSplit?: 'on' | 'off' | 'fails';
  costModel?: string;
  plugin?: string[];
  stallTimeout: number;
  failOnViolation?: boolean;
  yes?: boolean;
}

/** More runs than this in one grid is a typo, not a sweep anyone waits for. */
export const MAX_RUNS = 10_000_000;

export function registerSweep(program: Command, io: CliIo): void {
  const command = program
    .command('sweep')
    .description(
      'run policies × scenarios × a grid of scenario parameters × seeds on worker threads, or one shard of it',
    )
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
      new Option('--seeds <list>', 'seeds: a list and/or ranges, e.g. 1..10 or 1,4,9')
        .argParser(seedList)
        .default([1], '1'),
    )
    .option(
      '--grid <key=values>',
      'a scenario parameter and its values, e.g. gfns=8,16 (repeatable: the grid is their product)',
      gridFlag,
    )
    .option(
      '-w, --workers <k>',
      `worker threads (default: CPUs − 1, here ${defaultWorkers()}); the results do not depend on it`,
      positiveInt,
    )
    .option(
      '--shard <i/n>',
      "run only the i-th of n slices of the grid (1-based) and write it as JSON for 'spte-lab merge'",
      shardOption,
    )
    .addOption(yesOption());
  for (const option of runReportOptions('swept')) command.addOption(option);
  command
    .addHelpText(
      'after',
      '\nRuns are numbered scenario × grid point × policy × seed (seed fastest); the result is the\n' +
        'same on any number of workers and, merged, on any number of shards.\n' +
        '\nExamples:\n' +
        '  spte-lab sweep -p kvm-v6.13,never -s migration-bitmap --grid gfns=8,16,32 --seeds 1..5\n' +
        '  spte-lab sweep -s migration-bitmap,host-reclaim --grid vcpus=1,2,4 --grid events=200,400 --workers 4 --out sweep.json\n' +
        '  spte-lab sweep --grid gfns=8,16 --shard 2/4 --out shard-2.json   scenarios that need other gfns are skipped\n' +
        '  spte-lab merge shard-*.json --out sweep.json          the same document as without --shard',
    )
    .action(async (options: SweepOptions, command: Command) => {
      const flags = globalFlags(command, io);
      const { costModel, plugins, simulator, policies, ...named } = await openGrid(options, io);
      // Over the default scenario set, a scenario that refuses the grid is skipped and said so;
      // scenarios named with -s must all take it.
      const resolved = resolveGrid(
        options.grid ?? [],
        named.scenarios.map((name) => simulator.scenario(name)),
        options.scenarios === undefined,
      );
      const grid = resolved.axes;
      const scenarios = resolved.presets.map((preset) => preset.name);
      if (!flags.quiet)
        for (const skip of resolved.skipped)
          io.err(`spte-lab: sweep: skipped scenario ${skip.scenario}: ${skip.reason}\n`);
      const defaultBaseline = policies.includes(DEFAULT_BASELINE) ? DEFAULT_BASELINE : undefined;
      const baseline = options.baseline ?? defaultBaseline;
      if (baseline !== undefined && !policies.includes(baseline)) {
        throw new CliError(
          `--baseline: '${baseline}' is not one of the swept policies (${policies.join(', ')})`,
        );
      }
      const renderer = chosenRenderer(
        command,
        options.shard ? shardFormat(command, options.format) : options.format,
        options.shard ? undefined : options.out,
        simulator.renderers(),
      );
      await checkOutDirectory(options.out, io);

      const spec: SweepSpec = {
        policies,
        scenarios,
        grid,
        seeds: options.seeds,
        retention: options.retention,
        ...(options.eagerSplit ? { eagerSplit: options.eagerSplit } : {}),
        plugins: options.plugin ?? [],
        cwd: io.cwd,
        costModel,
      };
      const total = gridSize(spec);
      if (total > MAX_RUNS)
        throw new CliError(`sweep: ${total} runs is more than ${MAX_RUNS}; shrink the grid`);
      guardSweepSize(
        total,
        simulatedEvents(resolved.presets, grid) * policies.length * spec.seeds.length,
        options.yes,
      );
      const indices = options.shard
        ? shardIndices(total, options.shard)
        : Array.from({ length: total }, (_, i) => i);
      const runs = await runSweep(spec, indices, {
        workers: options.workers ?? defaultWorkers(),
        progress: createProgress({
          total: indices.length,
          stream: io.progressStream,
          enabled: io.isTTY && !flags.quiet,
        }),
        simulator,
        pluginOf: plugins.pluginOf,
        stallTimeout: options.stallTimeout,
      });
      const commandText = sweepCommandLine(spec, {
        costModelFile: options.costModel,
        // Only a baseline other than the default changes the command: same grid, same words.
        ...(baseline !== defaultBaseline && baseline !== undefined ? { baseline } : {}),
      });
      const doc = sweepDocument(
        simulator,
        spec,
        commandText,
        baseline,
        runs,
        plugins.extensions,
        options.shard ? { shard: options.shard, indices } : undefined,
      );
      await emitReport(
        doc,
        { renderer, out: options.out, baseline, failOnViolation: options.failOnViolation },
        flags,
        io,
      );
    });
}

/** A shard is for `merge`: it is written as the JSON document, whatever --out's extension. */
function shardFormat(command: Command, format: FormatName): FormatName {
  if (command.getOptionValueSource('format') === 'cli' && format !== 'json')
    throw new CliError(
      `--shard writes the JSON shard document for 'spte-lab merge'; render the merged result with --format ${format}`,
    );
  return 'json';
}

/** The main-phase events of one run of each scenario × grid point, summed (for the estimate). */
function simulatedEvents(presets: readonly ScenarioPreset[], grid: readonly GridAxis[]): number {
  const points = grid.reduce((n, axis) => n * axis.values.length, 1);
  let events = 0;
  for (const preset of presets)
    for (let p = 0; p < points; p++) {
      const configured = grid.length > 0 ? configurePreset(preset, pointAt(grid, p)) : preset;
      events += Number(configured.defaults.events ?? 0);
    }
  return events;
}
