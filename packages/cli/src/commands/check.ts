import { resolve } from 'node:path';
import { CHECK_OPERATIONS, type CheckOperation, type CheckSpec } from '@spte-lab/simulator';
import { type Command, Option } from 'commander';
import { containment, runContained } from '../containment/run-contained.js';
import { stallTimeoutOption } from '../containment/stall-timeout-option.js';
import { EXIT_VIOLATIONS } from '../errors.js';
import type { CliIo } from '../io.js';
import { globalFlags } from '../global-options.js';
import { writeTextOutput } from '../output.js';
import { createSearchProgress } from '../progress.js';
import { loadCliPlugins, pluginOption } from '../plugins.js';
import { checkReportText } from './check-text.js';
import { choiceList, nonNegativeInt } from './options.js';

const OPERATIONS = CHECK_OPERATIONS;
/** No verdict: the search hit its state limit before covering the bound. */
export const EXIT_INCOMPLETE = 3;

interface CheckOptions {
  policy: string;
  scenario?: string;
  vcpus?: number;
  gfns?: number;
  writes?: number;
  ops?: string[];
  spteFormat?: 'ept' | 'ept-noad' | 'legacy';
  mmu?: 'tdp' | 'shadow';
  kernel?: 'v6.12' | 'v6.13';
  eagerSplit?: 'on' | 'off' | 'fails';
  clearPages?: number;
  regions?: string;
  maxDepth?: number;
  json?: boolean;
  out?: string;
  plugin?: string[];
  stallTimeout: number;
}

export function registerCheck(program: Command, io: CliIo): void {
  program
    .command('check')
    .description(
      'explore every interleaving of a small configuration: prove a policy safe within a bound, or print the shortest counterexample',
    )
    .requiredOption('-p, --policy <name>', 'the policy to check')
    .option(
      '-s, --scenario <name>',
      "take the VM set-up (SPTE format, MMU, memslot flags) and the preset's check configuration from a scenario",
    )
    .option('--vcpus <n>', 'vCPUs, 1–3 (default 1)', nonNegativeInt)
    .option('--gfns <n>', 'gfns, 1–4 (default 2)', nonNegativeInt)
    .option('--writes <n>', 'guest writes per vCPU, each to any gfn (default 2)', nonNegativeInt)
    .option(
      '--ops <list>',
      `KVM operations, each run once: ${OPERATIONS.join(', ')} (default get_dirty_log,write_track_add)`,
      choiceList(OPERATIONS, 'an operation'),
    )
    .addOption(
      new Option('--spte-format <format>', 'SPTE format').choices(['ept', 'ept-noad', 'legacy']),
    )
    .addOption(new Option('--mmu <flavour>', 'MMU flavour').choices(['tdp', 'shadow']))
    .addOption(
      new Option('--kernel <version>', 'MMU behaviour (default: the policy’s own)').choices([
        'v6.12',
        'v6.13',
      ]),
    )
    .addOption(
      new Option('--eager-split <mode>', 'eager_page_split').choices(['on', 'off', 'fails']),
    )
    .option(
      '--clear-pages <n>',
      'num_pages of the CLEAR_DIRTY_LOG, from gfn 0 (default: --gfns); 128 covers two 64-bit bitmap words',
      nonNegativeInt,
    )
    .addOption(
      new Option(
        '--regions <n>',
        'the 2M regions the gfn choices lie in: with 2, choice g is gfn g * 512 (default 1)',
      ).choices(['1', '2']),
    )
    .option('--max-depth <n>', 'the bound: steps along any path (default 60)', nonNegativeInt)
    .addOption(pluginOption())
    .addOption(stallTimeoutOption())
    .option('--json', 'print the report as JSON')
    .option(
      '-o, --out <file>',
      'write the counterexample schedule (a replay file) here, atomically',
    )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  spte-lab check --policy kvm-v6.13\n' +
        '  spte-lab check --policy w-bit-only --out wbit.json && spte-lab run --replay wbit.json\n' +
        '  spte-lab check --policy never --vcpus 2 --gfns 1 --ops get_dirty_log\n' +
        '  spte-lab check --policy kvm-v6.13 --scenario shadow-mmu-initially-set\n' +
        '  spte-lab check --policy kvm-v6.13 --mmu shadow --writes 1 --ops sync_page,get_dirty_log\n' +
        '  spte-lab check --policy never --regions 2 --ops get_dirty_log,write_track_remove\n' +
        '  spte-lab check --policy kvm-v6.13-initset-flush-at-unlock --scenario write-track-initially-set --eager-split fails --clear-pages 128\n' +
        '\nExit codes: 0 safe within the bound, 1 counterexample found, 2 bad usage, 3 incomplete.',
    )
    .action(async (options: CheckOptions, command: Command) => {
      const plugins = await loadCliPlugins(options.plugin, io.cwd);
      const input = {
        policy: options.policy,
        ...(options.scenario ? { scenario: options.scenario } : {}),
        ...specFromOptions(options),
      };
      // States explored, depth, states/s on a terminal's stderr for searches over a second.
      // Inline runs only: with --plugin the search runs on a worker thread and shows none.
      const progress = createSearchProgress({
        stream: io.progressStream,
        enabled: !globalFlags(command, io).quiet,
      });
      const onProgress = (states: number, depth: number) => progress.update(states, depth);
      const report = await runContained(
        { name: 'check', input },
        { ...containment('check', plugins, options, io.cwd), onProgress },
      ).finally(() => progress.stop());
      if (options.out && report.replay) {
        await writeTextOutput(
          resolve(io.cwd, options.out),
          options.out,
          `${JSON.stringify(report.replay, null, 2)}\n`,
          io.out,
        );
      }
      io.out(options.json ? `${JSON.stringify(report, null, 2)}\n` : checkReportText(report));
      if (report.verdict === 'unsafe') io.exitCode = EXIT_VIOLATIONS;
      if (report.verdict === 'incomplete') io.exitCode = EXIT_INCOMPLETE;
    });
}

function specFromOptions(o: CheckOptions): Partial<CheckSpec> {
  return {
    ...(o.vcpus !== undefined ? { vcpus: o.vcpus } : {}),
    ...(o.gfns !== undefined ? { gfns: o.gfns } : {}),
    ...(o.writes !== undefined ? { writes: o.writes } : {}),
    ...(o.ops ? { operations: o.ops as CheckOperation[] } : {}),
    ...(o.spteFormat ? { format: o.spteFormat } : {}),
    ...(o.mmu ? { mmu: o.mmu } : {}),
    ...(o.kernel ? { kernel: o.kernel } : {}),
    ...(o.eagerSplit ? { eagerSplit: o.eagerSplit } : {}),
    ...(o.clearPages !== undefined ? { clearPages: o.clearPages } : {}),
    ...(o.regions ? { regions: o.regions === '2' ? 2 : 1 } : {}),
    ...(o.maxDepth !== undefined ? { maxDepth: o.maxDepth } : {}),
  };
}
