import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseReplayFile } from '@spte-lab/simulator';
import { type Command, Option } from 'commander';
import { containment, runContained } from '../containment/run-contained.js';
import { stallTimeoutOption } from '../containment/stall-timeout-option.js';
import { CliError, EXIT_VIOLATIONS } from '../errors.js';
import { requireInputFile } from '../input-file.js';
import type { CliIo } from '../io.js';
import { loadCliPlugins, pluginOption } from '../plugins.js';
import { stepLines } from './check-text.js';
import { nonNegativeInt } from './options.js';
import { runTrace } from './trace.js';

interface RunOptions {
  replay?: string;
  trace?: string;
  policy?: string;
  seed?: number;
  format: 'table' | 'json';
  json?: boolean;
  plugin?: string[];
  stallTimeout: number;
}

export function registerRun(program: Command, io: CliIo): void {
  program
    .command('run')
    .description(
      'replay a schedule saved by `check --out` and explain every step, or run a trace file under a policy',
    )
    .option('--replay <file>', 'a schedule file written by spte-lab check --out')
    .option('--trace <file>', 'a trace file (spte-lab trace record / import) to run')
    .option('-p, --policy <name>', 'with --trace: the flush policy')
    .option(
      '--seed <n>',
      "with --trace: the scheduler's seed (default: the trace's)",
      nonNegativeInt,
    )
    .addOption(
      new Option('-f, --format <format>', 'with --trace: a table, or the JSON result document')
        .choices(['table', 'json'])
        .default('table'),
    )
    .addOption(pluginOption())
    .addOption(stallTimeoutOption())
    .option('--json', 'print the steps and the violation (or the result) as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  spte-lab check --policy w-bit-only --out wbit.json\n' +
        '  spte-lab run --replay wbit.json\n' +
        '  spte-lab trace record --scenario migration-bitmap --out mig.jsonl\n' +
        '  spte-lab run --trace mig.jsonl --policy kvm-v6.13 --format json\n' +
        '\nExit codes: 0 no violation, 1 the schedule or trace reproduces a violation, 2 bad usage or input.',
    )
    .action(async (options: RunOptions, command: Command) => {
      if ((options.replay === undefined) === (options.trace === undefined))
        throw new CliError('run: give exactly one of --replay <schedule> or --trace <file>');
      if (options.trace !== undefined) {
        const format = options.json ? 'json' : options.format;
        return runTrace({ ...options, trace: options.trace, format }, command, io);
      }
      if (options.policy !== undefined || options.seed !== undefined)
        throw new CliError(
          'run --replay: a schedule names its own policy and seed; --policy and --seed go with --trace',
        );
      const replay = options.replay!;
      // Relative to the working directory the CLI was given (io.cwd), as every file option.
      const path = resolve(io.cwd, replay);
      requireInputFile(path, replay, 'run --replay');
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        throw new CliError(
          `cannot read ${replay}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        );
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new CliError(`${replay}: not JSON: ${(error as Error).message}`);
      }
      const plugins = await loadCliPlugins(options.plugin, io.cwd);
      let file;
      try {
        file = parseReplayFile(json, replay);
      } catch (error) {
        if (error instanceof Error && error.message.startsWith(replay))
          throw new CliError(error.message);
        throw error;
      }
      const result = await runContained(
        { name: 'replay', file },
        containment('run', plugins, options, io.cwd),
      );
      if (options.json) {
        io.out(`${JSON.stringify(result, null, 2)}\n`);
      } else {
        io.out(`${stepLines(result.steps).join('\n')}\n\n`);
        io.out(
          result.violation
            ? `VIOLATION (${result.violation.kind}): ${result.violation.message}\n`
            : 'No violation.\n',
        );
      }
      if (result.violation) io.exitCode = EXIT_VIOLATIONS;
    });
}
