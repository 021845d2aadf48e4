import { basename, dirname, join, resolve } from 'node:path';
import { RESULT_SCHEMA_VERSION, type ResultDocument } from '@spte-lab/reporter';
import { createSimulator, type Simulator, UnknownNameError } from '@spte-lab/simulator';
import { SPTE_FORMATS } from '@spte-lab/spte-core';
import {
  configurePreset,
  importKvmTraceFile,
  MAX_GFNS,
  MAX_VCPUS,
  openTraceFile,
  describeRange,
  type ParameterSpec,
  parameterFlag,
  parametersOf,
  parseParamText,
  recordScenarioAsync,
  ScenarioParamError,
  scenarioPresets,
  type ScenarioPreset,
  type ScenarioSetup,
  summaryLines,
  TraceFileError,
  type TraceHeader,
  traceStats,
} from '@spte-lab/workload-gen';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { commandLine } from '../command-line.js';
import { CliError, EXIT_VIOLATIONS } from '../errors.js';
import { globalFlags } from '../global-options.js';
import { requireInputFile } from '../input-file.js';
import type { CliIo } from '../io.js';
import { traceOutput } from '../output.js';
import { containment, runContained } from '../containment/run-contained.js';
import { loadCliPlugins } from '../plugins.js';
import { guardTraceSize, yesOption } from '../size-guard.js';
import { VERSION } from '../version.js';
import { costModelFor } from './cost-model.js';
import { chosenRenderer } from './formats.js';
import { checkOutDirectory, emitReport } from './emit-report.js';
import { nonNegativeInt } from './options.js';

/**
 * `spte-lab trace record | stats | import`, and the `run --trace` action: workload traces as
 * JSON Lines files (workload-gen's trace format), recorded from a preset or imported from KVM
 * tracepoint text, and replayed under any policy.
 */
export function registerTrace(program: Command, io: CliIo): void {
  const trace = program
    .command('trace')
    .description('record, inspect and import workload traces (JSON Lines, one event per line)')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  spte-lab trace record --scenario migration-bitmap --seed 7 --out mig.jsonl\n' +
        '  spte-lab run --trace mig.jsonl --policy kvm-v6.13      replay: the same results as the live run\n' +
        '  spte-lab trace stats mig.jsonl\n' +
        '  trace-cmd report > kvm.txt && spte-lab trace import kvm.txt --gfns 1048576 --out kvm.jsonl',
    );
  registerRecord(trace, io);
  registerStats(trace, io);
  registerImport(trace, io);
}

interface RecordOptions {
  scenario: string;
  out: string;
  seed: number;
  set: string[];
  yes?: boolean;
  [parameter: string]: unknown;
}

function registerRecord(trace: Command, io: CliIo): void {
  const record = trace
    .command('record')
    .description('write the events a preset scenario generates to a trace file')
    .requiredOption('-s, --scenario <name>', 'the preset (spte-lab list scenarios)')
    .requiredOption('-o, --out <file>', 'the trace file to write (atomically)')
    .addOption(seedOption());
  for (const option of parameterOptions()) record.addOption(option);
  record
    .option(
      '--set <name=value>',
      "a parameter by name (a plugin scenario's own); repeatable",
      collect,
      [],
    )
    .addOption(yesOption())
    .addHelpText(
      'after',
      '\nA scenario takes the common parameters and its own: spte-lab list scenarios.\n' +
        '\nExamples:\n' +
        '  spte-lab trace record -s migration-ring --ring-size 64 --pattern zipf -o ring.jsonl\n' +
        '  spte-lab trace record -s host-reclaim --spte-format ept --events 5000 --host-mm-rate 4 -o reclaim.jsonl',
    )
    .action((options: RecordOptions, command: Command) => {
      const sim = createSimulator();
      const preset = scenarioNamed(sim, options.scenario);
      const configured = attempt(() => configurePreset(preset, overridesOf(preset, options)));
      guardTraceSize(Number(configured.defaults.events ?? 0), options.yes);
      return checkOutDirectory(options.out, io).then(() => {
        const out = resolve(io.cwd, options.out);
        const target = traceOutput(out, options.out);
        const files = { [out]: options.out, [target.path]: options.out };
        // Asynchronous (yields between 64 KiB chunks) so Ctrl-C runs the temp-file cleanup:
        // an interrupted recording leaves the old --out intact and no temporary file.
        return recordScenarioAsync(configured, options.seed, target.path, options.out, target.write)
          .catch((error: unknown) => explain(error, files))
          .then((written) => {
            if (!globalFlags(command, io).quiet)
              io.err(
                `spte-lab: recorded ${written.events} events of ${preset.name} (seed ${options.seed}) to ${options.out} (${kib(written.bytes)} KiB)\n`,
              );
          });
      });
    });
}

/**
 * Every parameter any built-in preset takes, as a flag (`--ring-size <value>`), grouped in the
 * help; values stay text until the chosen preset parses them by its own descriptor.
 */
function parameterOptions(): Option[] {
  const specs = new Map<string, ParameterSpec>();
  for (const preset of Object.values(scenarioPresets))
    for (const spec of parametersOf(preset)) if (!specs.has(spec.name)) specs.set(spec.name, spec);
  return [...specs.values()].map((spec) =>
    new Option(
      `${parameterFlag(spec.name)} ${spec.kind === 'boolean' ? '[value]' : '<value>'}`,
      `${spec.description} (${describeRange(spec)})`,
    ).helpGroup('Scenario parameters (each scenario takes some; spte-lab list scenarios):'),
  );
}

function registerStats(trace: Command, io: CliIo): void {
  trace
    .command('stats')
    .description('validate a trace file and count what it holds')
    .argument('<file>', 'a trace file')
    .option('--json', 'print the header and the counts as JSON')
    .action((file: string, options: { json?: boolean }) => {
      const path = resolve(io.cwd, file);
      const { header, events } = attempt(() => openTraceFile(path, file), { [path]: file });
      // Every line is read and checked before anything is printed.
      const stats = attempt(() => traceStats(header, events));
      if (options.json) {
        io.out(`${JSON.stringify({ header, stats }, null, 2)}\n`);
        return;
      }
      const { params, setup } = header;
      const width = Math.max(...Object.keys(stats.byType).map((t) => t.length));
      const a = stats.accesses;
      io.out(
        [
          `${file}: ${header.scenario}, seed ${header.seed}, ${params.vcpus} vCPUs, ${params.gfns} gfns, format ${setup.format}, MMU ${setup.mmu}`,
          `generator: ${header.generator.name} ${header.generator.version}${header.generator.from ? ` from ${header.generator.from}` : ''}`,
          `events: ${stats.events}`,
          ...Object.entries(stats.byType).map(([type, n]) => `  ${type.padEnd(width)}  ${n}`),
          `accesses: read ${a.read}, write ${a.write}, exec ${a.exec}; per vCPU ${stats.accessesPerVcpu.join(', ')}`,
          `gfns touched: ${stats.gfnsTouched} of ${params.gfns}, written: ${stats.gfnsWritten}`,
          '',
        ].join('\n'),
      );
    });
}

interface ImportOptions {
  out: string;
  gfns: number;
  vcpus?: number;
  gfnOffset?: number;
  spteFormat: (typeof SPTE_FORMATS)[number];
  mmu: 'tdp' | 'shadow';
  shadowPaging?: boolean;
  manualProtect?: boolean;
  initiallySet?: boolean;
  dirtyRing?: number;
  hvaBase?: string;
  ageAs?: 'clear_young' | 'clear_flush_young';
  faultCode?: 'ept' | 'pferr';
  migration?: boolean;
  seed: number;
  json?: boolean;
}

function registerImport(trace: Command, io: CliIo): void {
  trace
    .command('import')
    .description(
      'turn kvm/kvmmmu tracepoint text (trace-cmd report, perf script) into a trace file',
    )
    .argument('<file>', 'the tracepoint text')
    .requiredOption('-o, --out <file>', 'the trace file to write (atomically)')
    .requiredOption(
      '--gfns <n>',
      "the guest's size in 4K pages, which a trace does not say (-m 4G is 1048576)",
      ranged(1, MAX_GFNS),
    )
    .option(
      '--vcpus <n>',
      'vCPUs (default: one more than the highest vCPU in the trace)',
      ranged(1, MAX_VCPUS),
    )
    .option(
      '--gfn-offset <n>',
      'the guest-physical page that is model gfn 0 (default 0)',
      nonNegativeInt,
    )
    .addOption(
      new Option('--spte-format <format>', 'SPTE format of the traced host')
        .choices([...SPTE_FORMATS])
        .default('ept'),
    )
    .addOption(
      new Option('--mmu <flavour>', 'MMU flavour: the TDP MMU or the shadow MMU')
        .choices(['tdp', 'shadow'])
        .default('tdp'),
    )
    .option('--shadow-paging', 'the guest ran under shadow paging (legacy format, shadow MMU)')
    .option('--manual-protect', 'KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2 was on')
    .option('--initially-set', 'with --manual-protect: KVM_DIRTY_LOG_INITIALLY_SET')
    .option(
      '--dirty-ring <entries>',
      'dirty rings of this many entries (a power of two, 256–65536)',
      ringEntries,
    )
    .option(
      '--hva-base <addr>',
      'host virtual address (hex) of model gfn 0: places MMU-notifier events',
      hvaBase,
    )
    .addOption(
      new Option('--age-as <notifier>', 'which notifier the kvm_age_hva lines were').choices([
        'clear_young',
        'clear_flush_young',
      ]),
    )
    .addOption(
      new Option(
        '--fault-code <kind>',
        "how kvm_page_fault's error_code reads (default: ept for EPT formats, else pferr)",
      ).choices(['ept', 'pferr']),
    )
    .option(
      '--migration',
      'dirty logging was on throughout: add enable_dirty_logging first and the final harvest last',
    )
    .addOption(seedOption())
    .option('--json', 'print the header and the import summary as JSON')
    .addHelpText(
      'after',
      '\nWhat the importer reads, and why it skips what it skips: packages/workload-gen/README.md.\n' +
        '\nExamples:\n' +
        '  trace-cmd record -e kvm -e kvmmmu -e syscalls:sys_enter_ioctl && trace-cmd report > kvm.txt\n' +
        '  spte-lab trace import kvm.txt --gfns 1048576 --hva-base 0x7f5a2c000000 --age-as clear_young -o kvm.jsonl\n' +
        '  perf script > npt.txt && spte-lab trace import npt.txt --spte-format legacy --gfns 262144 --migration -o npt.jsonl',
    )
    .action((file: string, options: ImportOptions, command: Command) =>
      checkOutDirectory(options.out, io).then(() => {
        const setup = importSetup(options, command);
        const input = resolve(io.cwd, file);
        requireInputFile(input, file, 'trace import');
        const out = resolve(io.cwd, options.out);
        const target = traceOutput(out, options.out);
        const result = attempt(
          () =>
            importKvmTraceFile(
              input,
              target.path,
              { ...options, setup },
              { input: file, output: options.out },
              target.write,
            ),
          { [input]: file, [out]: options.out, [target.path]: options.out },
        );
        if (options.json) {
          io.out(
            `${JSON.stringify({ header: result.header, summary: result.summary }, null, 2)}\n`,
          );
        } else {
          io.out(`${summaryLines(result.summary).join('\n')}\n`);
        }
        if (!globalFlags(command, io).quiet)
          io.err(
            `spte-lab: wrote ${result.written.events} events (${result.header.params.vcpus} vCPUs, ${result.header.params.gfns} gfns) to ${options.out} (${kib(result.written.bytes)} KiB)\n`,
          );
      }),
    );
}

/** The VM set-up of an import; --shadow-paging implies the legacy format and the shadow MMU. */
function importSetup(o: ImportOptions, command: Command): ScenarioSetup {
  const given = (name: string) => command.getOptionValueSource(name) === 'cli';
  let { spteFormat: format, mmu } = o;
  if (o.shadowPaging) {
    if ((given('spteFormat') && format !== 'legacy') || (given('mmu') && mmu !== 'shadow'))
      throw new CliError(
        '--shadow-paging: shadow paging uses the legacy SPTE format and the shadow MMU',
      );
    format = 'legacy';
    mmu = 'shadow';
  }
  if (o.initiallySet && !o.manualProtect)
    throw new CliError(
      '--initially-set needs --manual-protect (KVM_DIRTY_LOG_INITIALLY_SET is part of it)',
    );
  return {
    format,
    mmu,
    vm: {
      ...(o.shadowPaging ? { indirect: true } : {}),
      ...(o.manualProtect ? { manualProtect: true, initiallySet: o.initiallySet ?? false } : {}),
      // KVM's soft limit leaves KVM_DIRTY_RING_RSVD_ENTRIES (64) free.
      ...(o.dirtyRing ? { dirtyRing: { size: o.dirtyRing, softLimit: o.dirtyRing - 64 } } : {}),
    },
  };
}

export interface TraceRunOptions {
  readonly trace: string;
  readonly policy?: string;
  readonly seed?: number;
  readonly format: 'table' | 'json';
  /** `--plugin` modules whose policies the run may name. */
  readonly plugin?: readonly string[];
  /** `--stall-timeout` seconds for the plugin's hooks. */
  readonly stallTimeout: number;
}

/**
 * `spte-lab run --trace <file> --policy <name>`: the trace's events under the policy, with the
 * VM set-up and (unless --seed) the seed its header records, so a recorded trace gives exactly
 * the live run's result. The trace is read to its end before anything is printed.
 */
export async function runTrace(
  options: TraceRunOptions,
  command: Command,
  io: CliIo,
): Promise<void> {
  if (options.policy === undefined)
    throw new CliError('--trace needs --policy <name> (spte-lab list policies)');
  const plugins = await loadCliPlugins(options.plugin ? [...options.plugin] : undefined, io.cwd);
  const sim = plugins.simulator();
  const policy = attempt(() => sim.policy(options.policy!));
  const path = resolve(io.cwd, options.trace);
  const trace = attempt(() => openTraceFile(path, options.trace), { [path]: options.trace });
  const seed = options.seed ?? trace.header.seed;
  const result = await runContained(
    { name: 'trace', policy: policy.name, path, label: options.trace, seed },
    containment('run', plugins, options, io.cwd, sim),
  );
  const doc = runDocument(command, trace.header, seed, policy.name, result, io);
  const renderer = chosenRenderer(command, options.format, undefined, sim.renderers());
  await emitReport(doc, { renderer }, globalFlags(command, io), io);
  if (result.violations.length > 0) io.exitCode = EXIT_VIOLATIONS;
}

function runDocument(
  command: Command,
  header: TraceHeader,
  seed: number,
  policy: string,
  run: ResultDocument['runs'][number],
  io: CliIo,
): ResultDocument {
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    tool: { name: 'spte-lab', version: VERSION },
    command: commandLine(command),
    seeds: [seed],
    parameters: {
      policies: [policy],
      scenarios: [header.scenario],
      retention: 'adversarial',
      scenarioSettings: {
        [header.scenario]: { ...header.params, format: header.setup.format, mmu: header.setup.mmu },
      },
    },
    costModel: costModelFor(undefined, io),
    runs: [run],
  };
}

function scenarioNamed(sim: Simulator, name: string): ScenarioPreset {
  return attempt(() => sim.scenario(name));
}

/** The record command's flags as parameter values, each parsed by the preset's descriptor. */
function overridesOf(preset: ScenarioPreset, o: RecordOptions): Record<string, unknown> {
  const specs = parametersOf(preset);
  const out: Record<string, unknown> = {};
  const put = (name: string, text: string) => {
    const spec = specs.find((s) => s.name === name);
    // A name the preset does not take goes through as text: validation names it and lists
    // the ones it takes.
    out[name] = spec ? attempt(() => parseParamText(spec, text)) : text;
  };
  for (const option of parameterOptions()) {
    const name = option.attributeName();
    const value = o[name];
    if (value !== undefined) put(name, value === true ? 'true' : String(value));
  }
  for (const pair of o.set) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError(`--set: '${pair}' is not name=value`);
    put(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
  return out;
}

/**
 * Runs `work`, turning the errors a user causes (a bad parameter, a bad or missing file, an
 * unknown name) into one-line CliErrors; anything else is a bug and goes on as it is.
 */
function attempt<T>(work: () => T, files: Readonly<Record<string, string>> = {}): T {
  try {
    return work();
  } catch (error) {
    return explain(error, files);
  }
}

/** A known failure of a trace command as one CliError line; anything else rethrown. */
function explain(error: unknown, files: Readonly<Record<string, string>>): never {
  if (
    error instanceof TraceFileError ||
    error instanceof ScenarioParamError ||
    error instanceof UnknownNameError
  )
    throw new CliError(error.message);
  const code = (error as NodeJS.ErrnoException).code;
  // A read error (EISDIR) carries no path; with one file in play it is that one.
  const only = Object.keys(files).length === 1 ? Object.keys(files)[0] : undefined;
  const path = (error as NodeJS.ErrnoException).path ?? only;
  if (code && path) {
    // Name the file as the user typed it; a temporary file beside --out stands for --out.
    const named =
      files[path] ??
      Object.entries(files).find(([abs]) =>
        path.startsWith(join(dirname(abs), `.${basename(abs)}.`)),
      )?.[1];
    throw new CliError(`cannot open '${named ?? path}': ${fileProblem(code)}`);
  }
  throw error;
}

function fileProblem(code: string): string {
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return code;
  }
}

function seedOption(): Option {
  return new Option('--seed <n>', 'the seed of the workload (a replay’s scheduler follows it)')
    .argParser(nonNegativeInt)
    .default(1);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function ranged(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!(n >= min && n <= max))
      throw new InvalidArgumentError(`'${value}' is not an integer from ${min} to ${max}`);
    return n;
  };
}

function ringEntries(value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 256 && n <= 65536 && (n & (n - 1)) === 0))
    throw new InvalidArgumentError(`'${value}' is not a power of two from 256 to 65536`);
  return n;
}

function hvaBase(value: string): string {
  if (!/^(0x)?[0-9a-f]+$/i.test(value))
    throw new InvalidArgumentError(`'${value}' is not a hex address`);
  if (!/(^0x|^)([0-9a-f]*000|0)$/i.test(value))
    throw new InvalidArgumentError(`'${value}' is not page-aligned (4K)`);
  return value;
}

function kib(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}
