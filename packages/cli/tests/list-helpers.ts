import type { Command } from 'commander';
import { registerList } from '../src/commands/list.js';
import { bufferIo, type CliIo } from '../src/index.js';
import { buildProgram, runProgram } from '../src/program.js';
import type { CliRun } from './helpers.js';

/** Commander must throw, not exit, and write through the test's io. */
function configure(cmd: Command, io: CliIo): void {
  cmd.exitOverride().configureOutput({
    writeOut: (s) => io.out(s),
    writeErr: (s) => io.err(s),
    outputError: (s, write) => write(s),
  });
  for (const sub of cmd.commands) configure(sub, io);
}

/**
 * Runs the CLI with `list` registered: as program.ts registers it once the one COMMANDS line
 * is added, or by this helper until then.
 */
export async function cliWithList(argv: string[], cwd = process.cwd()): Promise<CliRun> {
  const io = bufferIo({ cwd });
  const program = buildProgram(io);
  if (!program.commands.some((c) => c.name() === 'list')) {
    registerList(program, io);
    configure(
      program.commands.find((c) => c.name() === 'list')!,
      io,
    );
  }
  const code = await runProgram(program, argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}
