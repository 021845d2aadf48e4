import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type AuditAxes,
  auditAxes,
  type AuditBudget,
  auditCells,
  CHECK_OPERATIONS,
  buildAuditDocument,
  MEMSLOT_MODES,
} from '@spte-lab/simulator';
import { type Command, Option } from 'commander';
import { AUDIT_FORMATS, type AuditFormat, emitAudit } from '../audit/audit-formats.js';
import { undecidedCauses } from '../audit/audit-summary.js';
import { type AuditJob, runAudit } from '../audit/run-audit.js';
import { stallTimeoutOption } from '../containment/stall-timeout-option.js';
import { CliError, EXIT_VIOLATIONS } from '../errors.js';
import type { CliIo } from '../io.js';
import { writeTextOutput } from '../output.js';
import { loadCliPlugins, pluginOption } from '../plugins.js';
import { createProgress } from '../progress.js';
import { type Shard, shardIndices, shardOption } from '../sweep/shard-option.js';
import { choiceList, commaList, positiveInt } from './options.js';

interface AuditOptions {
  policies: string[];
  budget: AuditBudget;
  triples?: boolean;
  ops?: string[];
  modes?: string[];
  workers?: number;
  shard?: Shard;
  json?: boolean;
  format: AuditFormat;
  out?: string;
  replays?: string;
  failOnViolation?: boolean;
  failOnUndecided?: boolean;
  plugin?: string[];
  stallTimeout: number;
}

export function registerAudit(program: Command, io: CliIo): void {
  program
    .command('audit')
    .description(
      'run check on every small configuration of a matrix (operation pairs × formats × MMUs × eager split × memslot modes × vCPUs × gfns × writes) and group the counterexamples by root cause',
    )
    .addOption(
      new Option('-p, --policies <list>', 'policies to audit (built-in or --plugin)')
        .argParser(commaList)
        .default(['kvm-v6.12', 'kvm-v6.13'], 'kvm-v6.12,kvm-v6.13'),
    )
    .addOption(
      new Option(
        '--budget <budget>',
        'quick: the widest matrix that fits ~10 minutes on 2 cores; full: the whole matrix, for shards',
      )
        .choices(['quick', 'full'])
        .default('quick'),
    )
    .option('--triples', 'combine the operations three at a time instead of in pairs')
    .option(
      '--ops <list>',
      `only these operations (default: all: ${CHECK_OPERATIONS.join(', ')})`,
      choiceList(CHECK_OPERATIONS, 'an operation'),
    )
    .option(
      '--modes <list>',
      `only these memslot modes (${MEMSLOT_MODES.join(', ')})`,
      choiceList(MEMSLOT_MODES, 'a memslot mode'),
    )
    .option(
      '-w, --workers <k>',
      `worker threads (default: one per CPU, here ${auditWorkers()}: checks are long and the parent only collects)`,
      positiveInt,
    )
    .option('--shard <i/n>', 'run only the i-th of n slices of the matrix (1-based)', shardOption)
    .addOption(pluginOption())
    .addOption(stallTimeoutOption())
    .addOption(
      new Option(
        '--format <format>',
        'what to print: text, json (the document), md, html (a grid coloured by verdict)',
      )
        .choices(AUDIT_FORMATS)
        .default('text'),
    )
    .option('--json', 'print the audit document as JSON (--format json)')
    .option('-o, --out <file>', 'write the audit document (JSON) here, atomically')
    .option(
      '--replays <dir>',
      "write each root cause's shortest counterexample as a replay file in DIR",
    )
    .option('--fail-on-violation', 'exit 1 if any configuration has a counterexample')
    .option(
      '--fail-on-undecided',
      'exit 1 if a root cause of kvm-v6.12 or kvm-v6.13 names no finding under docs/findings/ (a triage gate for CI)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  spte-lab audit --ops clear_dirty_log,account_shadowed,write_track_add --modes initially-set\n' +
        '  spte-lab audit --policies w-bit-only --ops get_dirty_log,write_track_add --modes bitmap\n' +
        '  spte-lab audit --budget quick --json --out audit.json\n' +
        '  spte-lab audit --ops clear_dirty_log,write_track_add --modes initially-set,bitmap --format html > audit.html\n' +
        '  spte-lab audit --budget full --shard 3/64 --out audit-3.json\n',
    )
    .action(async (options: AuditOptions) => {
      const plugins = await loadCliPlugins(options.plugin, io.cwd);
      const simulator = plugins.simulator();
      for (const policy of options.policies) simulator.policy(policy);
      const axes = narrowed(auditAxes(options.budget, options.triples ? 3 : 2), options);
      const cells = auditCells(axes);
      const all: AuditJob[] = options.policies.flatMap((policy) =>
        cells.map((cell) => ({ cell, policy })),
      );
      const jobs = options.shard
        ? shardIndices(all.length, options.shard).map((i) => all[i]!)
        : all;
      const outcomes = await runAudit(jobs, {
        workers: options.workers ?? auditWorkers(),
        simulator,
        plugins: options.plugin ?? [],
        cwd: io.cwd,
        watch: {
          stallTimeout: options.stallTimeout,
          pluginOf: plugins.pluginOf,
          plugins: plugins.loaded.length > 0,
        },
        progress: createProgress({
          total: jobs.length,
          stream: io.progressStream,
          enabled: io.isTTY,
        }),
      });
      const doc = buildAuditDocument(
        {
          budget: options.budget,
          policies: options.policies,
          axes,
          ...(options.shard ? { shard: options.shard } : {}),
        },
        outcomes,
      );
      if (options.replays)
        await writeReplays(resolve(io.cwd, options.replays), options.replays, doc, io);
      await emitAudit(
        doc,
        { out: options.out, format: options.json ? 'json' : options.format },
        io,
      );
      if (options.failOnViolation && doc.totals.unsafe > 0) io.exitCode = EXIT_VIOLATIONS;
      const undecided = undecidedCauses(doc);
      if (options.failOnUndecided && undecided.length > 0) {
        io.err(
          `audit: ${undecided.length} kernel-policy root cause(s) with no finding: ${undecided.map((c) => `${c.shortest.policy} @ ${c.shortest.cell}`).join('; ')}`,
        );
        io.exitCode = EXIT_VIOLATIONS;
      }
    });
}

/** A worker per CPU: unlike a sweep's runs, an audit's checks leave the parent idle. */
function auditWorkers(): number {
  return availableParallelism();
}

/** The budget's axes, restricted to --ops and --modes. */
function narrowed(axes: AuditAxes, options: AuditOptions): AuditAxes {
  const operations = options.ops
    ? axes.operations.filter((op) => options.ops!.includes(op))
    : axes.operations;
  if (operations.length < axes.tupleSize)
    throw new CliError(
      `audit: --ops names ${operations.length} operation(s); ${axes.tupleSize} are needed to combine (${axes.tupleSize === 3 ? 'triples' : 'pairs'})`,
    );
  const modes = options.modes ? axes.modes.filter((m) => options.modes!.includes(m)) : axes.modes;
  return { ...axes, operations, modes };
}

async function writeReplays(
  dir: string,
  typed: string,
  doc: ReturnType<typeof buildAuditDocument>,
  io: CliIo,
) {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new CliError(
      `audit: cannot create --replays directory ${typed}: ${(error as Error).message}`,
    );
  }
  for (const [i, cause] of doc.rootCauses.entries()) {
    const name = `root-cause-${i + 1}.json`;
    await writeTextOutput(
      join(dir, name),
      join(typed, name),
      `${JSON.stringify(cause.shortest.replay, null, 2)}\n`,
      io.out,
    );
  }
}
