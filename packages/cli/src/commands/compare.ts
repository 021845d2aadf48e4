import type { Command } from 'commander';
import type { CliIo } from '../io.js';

export function registerCompare(program: Command, io: CliIo): void {
  program
    .command('compare')
    .description('compare flush policies on the preset scenarios (the main job)')
    .action(() => {
      io.out('compare: not wired yet\n');
    });
}
