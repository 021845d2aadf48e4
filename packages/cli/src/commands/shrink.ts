import { resolve } from 'node:path';
import type { ShrinkResult } from '@spte-lab/simulator';
import { traceHeaderFor, writeTraceFile } from '@spte-lab/workload-gen';
import { type Command, Option } from 'commander';
import { containment, runContained } from '../containment/run-contained.js';
import { stallTimeoutOption } from '../containment/stall-timeout-option.js';
import { CliError, EXIT_VIOLATIONS } from '../errors.js';
import type { CliIo } from '../io.js';
import { fileProblem, traceOutput } from '../output.js';
import { loadCliPlugins, pluginOption } from '../plugins.js';
import { nonNegativeInt } from './options.js';

interface ShrinkOptions {
  policy: string;
  scenario: string;
  seed: number;
  kind?: 'migration' | 'write-track' | 'unmap' | 'model';
  eagerSplit?: 'on' | 'off' | 'fails';
  out?: string;
  json?: boolean;
  plugin?: string[];
  stallTimeout: number;
}

export function registerShrink(program: Command, io: CliIo): void {
  program
    .command('shrink')
    .description(
      'shrink a violating run (policy × scenario × seed) to a minimal event stream that still violates',
    )
    .requiredOption('-p, --policy <name>', 'the policy that violates')
    .requiredOption('-s, --scenario <name>', 'the preset scenario')
    .option('--seed <n>', 'the run’s seed (as in compare)', nonNegativeInt, 1)
    .addOption(
      new Option(
        '--kind <kind>',
        'shrink for this kind of violation (default: the first found)',
      ).choices(['migration', 'write-track', 'unmap', 'model']),
    )
    .addOption(
      new Option('--eager-split <mode>', 'eager_page_split, as in compare').choices([
        'on',
        'off',
        'fails',
      ]),
    )
    .option(
      '-o, --out <file>',
      'write the minimal stream as a trace file (replay it with run --trace)',
    )
    .option('--json', 'print the result as JSON')
    .addOption(pluginOption())
    .addOption(stallTimeoutOption())
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  spte-lab shrink --policy w-bit-only --scenario write-track-during-migration --seed 1\n' +
        '  spte-lab shrink --policy kvm-v6.13 --scenario write-track-initially-set --eager-split off --seed 4 --out min.jsonl\n' +
        '  spte-lab run --trace min.jsonl --policy kvm-v6.13\n' +
        '\nExit codes: 1 a minimal violating stream was found, 0 the run does not violate, 2 bad usage or input.',
    )
    .action(async (options: ShrinkOptions) => {
      const plugins = await loadCliPlugins(options.plugin, io.cwd);
      const sim = plugins.simulator();
      const result: ShrinkResult | undefined = await runContained(
        {
          name: 'shrink',
          policy: options.policy,
          scenario: options.scenario,
          seed: options.seed,
          ...(options.eagerSplit ? { eagerSplit: options.eagerSplit } : {}),
          ...(options.kind ? { kind: options.kind } : {}),
        },
        containment('shrink', plugins, options, io.cwd, sim),
      );
      // Known to exist: the task ran it.
      const preset = sim.scenario(options.scenario);
      if (!result) {
        io.out(
          `No ${options.kind ?? ''}${options.kind ? ' ' : ''}violation in ${options.policy} × ${options.scenario} × seed ${options.seed}: nothing to shrink.\n`,
        );
        return;
      }
      if (options.out) {
        const header = traceHeaderFor(preset, options.seed);
        const setup = options.eagerSplit
          ? { ...header.setup, vm: { ...header.setup.vm, eagerSplit: options.eagerSplit } }
          : header.setup;
        const target = traceOutput(resolve(io.cwd, options.out), options.out);
        try {
          writeTraceFile(
            target.path,
            { ...header, setup },
            result.events,
            options.out,
            target.write,
          );
        } catch (error) {
          throw new CliError(`cannot write '${options.out}': ${fileProblem(error, target.path)}`);
        }
      }
      io.out(options.json ? `${JSON.stringify(result, null, 2)}\n` : shrinkText(options, result));
      io.exitCode = EXIT_VIOLATIONS;
    });
}

function shrinkText(o: ShrinkOptions, r: ShrinkResult): string {
  const v = r.violation;
  return [
    `${o.policy} × ${o.scenario} × seed ${o.seed}: ${r.originalEvents} events shrunk to ${r.events.length} (${r.runs} runs); each one left is needed for the ${v.kind} violation.`,
    '',
    ...r.events.map((e, i) => `${String(i + 1).padStart(4)}  ${JSON.stringify(e)}`),
    '',
    `${v.kind}: ${v.message}`,
    ...v.trace.map(
      (t) =>
        `${String(t.step).padStart(6)}  ${t.actor.padEnd(8)} ${t.operation.padEnd(40)} ${t.detail}`,
    ),
    ...(o.out ? ['', `Saved to ${o.out}: spte-lab run --trace ${o.out} --policy ${o.policy}`] : []),
    '',
  ].join('\n');
}
