import { Command, CommanderError } from 'commander';
import { registerCompare } from './commands/compare.js';
import { registerDecode } from './commands/decode.js';
import { registerSelftest } from './commands/selftest.js';
import { CliError, EXIT_USAGE } from './errors.js';
import type { CliIo } from './io.js';
import { VERSION } from './version.js';

/** Every command registers itself here: one line per command. */
const COMMANDS: ReadonlyArray<(program: Command, io: CliIo) => void> = [
  registerCompare,
  registerDecode,
  registerSelftest,
];

export function buildProgram(io: CliIo): Command {
  const program = new Command('spte-lab')
    .description(
      'Compare TLB-flush policies for KVM x86 shadow page-table entries (SPTEs) on one TLB ' +
        'model and one set of seeded workloads, and report any guest write that slips past ' +
        'write-tracking, dirty logging or an unmap, with the trace that led to it.',
    )
    .version(VERSION, '-V, --version')
    .option('--debug', 'print stack traces for unexpected errors')
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 violations found (with --fail-on-violation), 2 bad usage or input.',
    );
  for (const register of COMMANDS) register(program, io);
  configureRecursively(program, io);
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
  const program = buildProgram(io);
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
    io.err(`Usage: ${cmd.name() === program.name() ? '' : program.name() + ' '}${cmd.name()} ${cmd.usage()}\n`);
    io.err(`Run '${program.name()} ${cmd === program ? '' : cmd.name() + ' '}--help' for details.\n`);
    return EXIT_USAGE;
  }
  if (error instanceof CliError) {
    io.err(`spte-lab: ${error.message}\n`);
    return error.exitCode;
  }
  const debug = argv.includes('--debug');
  const message = error instanceof Error ? error.message : String(error);
  io.err(`spte-lab: internal error: ${message}\n`);
  if (debug && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
  else io.err('(run again with --debug for a stack trace)\n');
  return EXIT_USAGE;
}

function findCommand(program: Command, argv: readonly string[]): Command {
  const first = argv.find((a) => !a.startsWith('-'));
  return program.commands.find((c) => c.name() === first || c.aliases().includes(first ?? '')) ?? program;
}
