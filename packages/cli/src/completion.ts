import tab from '@bomb.sh/tab/commander';
import type { Command } from 'commander';

/**
 * Shell completion (bash, zsh, fish, PowerShell) through @bomb.sh/tab, a maintained add-on that
 * supports commander 14 (commander has none of its own). It adds `spte-lab complete <shell>`,
 * which prints the script to source, and the hidden `complete -- <words>` the script calls.
 * Option choices (--format, --retention) complete from the commander definitions.
 *
 * tab prints with console.log rather than through CliIo: both commands only ever write to the
 * real stdout of a shell that asked for completions.
 */
export function addCompletion(program: Command): void {
  tab(program);
}
