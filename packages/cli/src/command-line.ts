import type { Command } from 'commander';

/** Characters a POSIX shell leaves alone in a word; anything else is single-quoted. */
const SAFE_WORD = /^[\w@%+=:,./-]+$/;

export function shellQuote(word: string): string {
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command as typed, from the subcommand on, quoted so it can be pasted into a shell: the
 * "how to reproduce" line of every report. Global flags before the subcommand (--quiet,
 * --no-color, --debug) change no result and are left out.
 */
export function commandLine(command: Command): string {
  const raw = (command.parent as unknown as { rawArgs?: string[] } | null)?.rawArgs ?? [];
  const at = raw.indexOf(command.name());
  const words = at >= 0 ? raw.slice(at) : [command.name()];
  return ['spte-lab', ...words].map(shellQuote).join(' ');
}
