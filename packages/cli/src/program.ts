import { Command, CommanderError } from 'commander';
import { registerAudit } from './commands/audit.js';
import { registerCheck } from './commands/check.js';
import { registerCompare } from './commands/compare.js';
import { registerDecode } from './commands/decode.js';
import { registerInitPlugin } from './commands/init-plugin.js';
import { registerList } from './commands/list.js';
import { registerMerge } from './commands/merge.js';
import { registerReport } from './commands/report.js';
import { registerRun } from './commands/run.js';
import { registerSelftest } from './commands/selftest.js';
import { registerShrink } from './commands/shrink.js';
import { registerSweep } from './commands/sweep.js';
import { registerTrace } from './commands/trace.js';
import { addCompletion } from './completion.js';
import { DEFAULT_STALL_TIMEOUT } from './containment/stall-timeout-option.js';
import { CliError, EXIT_USAGE } from './errors.js';
import type { CliIo } from './io.js';
import { setPluginLoadTimeout } from './plugins.js';
import { VERSION } from './version.js';

/** Every command registers itself here: one line per command. */
const COMMANDS: ReadonlyArray<(program: Command, io: CliIo) => void> = [
  registerCompare,
  registerSweep,
  registerMerge,
  registerCheck,
  registerAudit,
  registerRun,
  registerTrace,
  registerShrink,
  registerList,
  registerReport,
  registerDecode,
  registerSelftest,
  registerInitPlugin,
];

/** Examples for commands that registered without their own, keyed by command name. */
const EXTRA_EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  selftest: [
    'spte-lab selftest --vectors packages/spte-core/tests/fixtures/vectors/kernel-vectors.jsonl',
  ],
  list: [
    'spte-lab list policies',
    'spte-lab list scenarios',
    'spte-lab list policies --plugin ./my-policy.mjs',
  ],
  complete: [
    'spte-lab complete bash > ~/.spte-lab-completion.bash   # then source it from ~/.bashrc',
    'source <(spte-lab complete zsh)',
  ],
};

const EXIT_CODES =
  '\nExit codes:\n' +
  '  0  ok\n' +
  '  1  violations found (with --fail-on-violation), or selftest vectors failed\n' +
  '  2  bad usage or input (one line says what), or an internal error';

export function buildProgram(io: CliIo): Command {
  const program = new Command('spte-lab')
    .description(
      'Compare TLB-flush policies for KVM x86 shadow page-table entries (SPTEs) on one TLB ' +
        'model and one set of seeded workloads, and report any guest write that slips past ' +
        'write-tracking, dirty logging or an unmap, with the trace that led to it.',
    )
    .version(VERSION, '-V, --version')
    // Global flags: accepted before or after the command name, shown in every command's help.
    .option('-q, --quiet', 'no progress bars or notes on stderr (results and errors still print)')
    .option('--debug', 'print stack traces for unexpected errors')
    .option(
      '--no-color',
      'no ANSI colours (also off when NO_COLOR is set or stdout is not a terminal)',
    )
    .configureHelp({ showGlobalOptions: true })
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  spte-lab compare                            every built-in policy on every preset scenario\n' +
        '  spte-lab compare --seeds 1..5 --format md   five seeds, Markdown for a mailing list\n' +
        '  spte-lab compare --out report.html          a self-contained HTML report\n' +
        '  spte-lab sweep -s migration-bitmap --grid gfns=8,16,32 -w 4   a parameter grid on four worker threads\n' +
        '  spte-lab sweep --shard 1/4 --out s1.json    one slice of it (then: spte-lab merge s*.json)\n' +
        '  spte-lab report result.json --format csv    re-render a saved JSON result\n' +
        '  spte-lab decode 0x600000001234b77           explain an SPTE value\n' +
        '  spte-lab complete bash                      print a bash completion script\n' +
        EXIT_CODES,
    );
  for (const register of COMMANDS) register(program, io);
  // --plugin files load under the command's --stall-timeout (the default where it has none).
  program.hook('preAction', (_program, action) =>
    setPluginLoadTimeout(action.opts().stallTimeout ?? DEFAULT_STALL_TIMEOUT),
  );
  // Configure before tab copies the program's settings into its own subcommands, then again
  // to reach the commands it added.
  configureRecursively(program, io);
  addCompletion(program);
  configureRecursively(program, io);
  for (const cmd of program.commands) {
    const examples = EXTRA_EXAMPLES[cmd.name()];
    if (examples)
      cmd.addHelpText('after', `\nExamples:\n${examples.map((e) => `  ${e}`).join('\n')}`);
  }
  return program;
}

function configureRecursively(cmd: Command, io: CliIo): void {
  cmd.exitOverride().configureOutput({
    writeOut: (s) => io.out(s),
    writeErr: (s) => io.err(s),
    outputError: (s, write) => write(s),
  });
  for (const sub of cmd.commands) configureRecursively(sub, io);
}

/** Runs the CLI and returns the exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  return runProgram(buildProgram(io), argv, io);
}

/** Parses and runs `program` (built by buildProgram), turning every failure into an exit code. */
export async function runProgram(
  program: Command,
  argv: readonly string[],
  io: CliIo,
): Promise<number> {
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return io.exitCode;
  } catch (error) {
    return reportError(error, program, argv, io);
  }
}

function reportError(error: unknown, program: Command, argv: readonly string[], io: CliIo): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
    if (error.code === 'commander.help') return 0;
    // Commander has already printed its one-line message; add the usage of the command at fault.
    const cmd = findCommand(program, argv);
    io.err(
      `Usage: ${cmd.name() === program.name() ? '' : program.name() + ' '}${cmd.name()} ${cmd.usage()}\n`,
    );
    io.err(
      `Run '${program.name()} ${cmd === program ? '' : cmd.name() + ' '}--help' for details.\n`,
    );
    return EXIT_USAGE;
  }
  if (error instanceof CliError) {
    // One line always: a quoted input (JSON.parse's message quotes the text) may hold newlines.
    io.err(`spte-lab: ${error.message.replace(/\s*\n\s*/g, ' ').trimEnd()}\n`);
    return error.exitCode;
  }
  // Anything else is a bug in spte-lab: still one line, the stack only when asked for.
  const debug = program.opts().debug === true || argv.includes('--debug');
  const message = error instanceof Error ? error.message : String(error);
  if (debug && error instanceof Error && error.stack) {
    io.err(`spte-lab: internal error: ${message}\n${error.stack}\n`);
  } else {
    io.err(`spte-lab: internal error: ${message} (run again with --debug for a stack trace)\n`);
  }
  return EXIT_USAGE;
}

function findCommand(program: Command, argv: readonly string[]): Command {
  const first = argv.find((a) => !a.startsWith('-'));
  return (
    program.commands.find((c) => c.name() === first || c.aliases().includes(first ?? '')) ?? program
  );
}
