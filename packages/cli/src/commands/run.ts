import { readFile } from 'node:fs/promises';
import { createSimulator, parseReplayFile, UnknownNameError } from '@spte-lab/simulator';
import type { Command } from 'commander';
import { CliError, EXIT_VIOLATIONS } from '../errors.js';
import type { CliIo } from '../io.js';
import { stepLines } from './check-text.js';

interface RunOptions {
  replay: string;
  json?: boolean;
}

export function registerRun(program: Command, io: CliIo): void {
  program
    .command('run')
    .description('replay a schedule saved by `check --out` and explain every step')
    .requiredOption('--replay <file>', 'a schedule file written by spte-lab check --out')
    .option('--json', 'print the steps and the violation as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  spte-lab check --policy w-bit-only --out wbit.json\n' +
        '  spte-lab run --replay wbit.json\n' +
        '\nExit codes: 0 no violation, 1 the schedule reproduces a violation, 2 bad usage or input.',
    )
    .action(async (options: RunOptions) => {
      let text: string;
      try {
        text = await readFile(options.replay, 'utf8');
      } catch (error) {
        throw new CliError(
          `cannot read ${options.replay}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        );
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new CliError(`${options.replay}: not JSON: ${(error as Error).message}`);
      }
      const sim = createSimulator();
      let result;
      try {
        result = sim.replaySchedule(parseReplayFile(json, options.replay));
      } catch (error) {
        if (error instanceof UnknownNameError || error instanceof RangeError)
          throw new CliError(error.message);
        if (error instanceof Error && error.message.startsWith(options.replay))
          throw new CliError(error.message);
        throw error;
      }
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
