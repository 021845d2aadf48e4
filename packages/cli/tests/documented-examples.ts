import { readFileSync } from 'node:fs';
import type { Command } from 'commander';

/** One example command as the documentation shows it. */
export interface DocumentedExample {
  /** Where it is: `spte-lab sweep --help`, or `packages/cli/README.md:80`. */
  readonly source: string;
  /** The shell command, with its description cut off and `npx ` dropped. */
  readonly command: string;
  /** Shell assignments made earlier in the same block (`G="…"`), to run first. */
  readonly setup: readonly string[];
  /** For a `$ ` transcript: the output shown under it, first line. */
  readonly shownOutput?: string;
}

/** A line that runs spte-lab: `spte-lab <command>`, `$ spte-lab …` or `npx spte-lab …`. */
function commandRe(commands: readonly string[]): RegExp {
  return new RegExp(`^(?:\\$ )?(?:npx )?spte-lab (?:${commands.join('|')})(?:\\s|$)`);
}

/** Every command and subcommand path of the program: ['compare'], ['trace', 'record'], …. */
export function commandPaths(program: Command, prefix: string[] = []): string[][] {
  return program.commands.flatMap((cmd) => {
    const path = [...prefix, cmd.name()];
    return [path, ...commandPaths(cmd, path)];
  });
}

/** The example lines of a `--help` text: those under "Examples:" that run spte-lab. */
export function helpExamples(
  source: string,
  help: string,
  commands: readonly string[],
): DocumentedExample[] {
  const re = commandRe(commands);
  const out: DocumentedExample[] = [];
  let inExamples = false;
  for (const line of help.split('\n')) {
    if (/^Examples:/.test(line)) inExamples = true;
    else if (/^\S/.test(line)) inExamples = false;
    const text = line.trim();
    if (inExamples && re.test(text))
      out.push({ source, command: text.split(/\s{2,}/)[0]!, setup: [] });
  }
  return out;
}

/**
 * The examples of a Markdown file's fenced code blocks: lines that run spte-lab, with `\`
 * continuations joined and a description after two or more spaces cut off. In a `$ ` transcript
 * the lines up to the next `$ ` are the output shown; `$ NAME=…` lines are kept as setup.
 */
export function readmeExamples(
  file: string,
  label: string,
  commands: readonly string[],
): DocumentedExample[] {
  const re = commandRe(commands);
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: DocumentedExample[] = [];
  let fence: string | undefined;
  let setup: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const opening = /^\s*(```+)/.exec(raw);
    if (opening) {
      fence = fence === undefined ? opening[1] : undefined;
      setup = [];
      continue;
    }
    if (fence === undefined) continue;
    let text = raw.trim();
    const at = i + 1;
    while (text.endsWith('\\') && i + 1 < lines.length)
      text = `${text.slice(0, -1).trimEnd()} ${lines[++i]!.trim()}`;
    const transcript = text.startsWith('$ ');
    if (transcript && /^\$ [A-Z_][A-Z0-9_]*=/.test(text)) setup.push(text.slice(2));
    if (!re.test(text)) continue;
    const command = (transcript ? text.slice(2) : text.split(/\s{2,}/)[0]!).replace(/^npx /, '');
    const next = lines[i + 1]?.trim();
    const shown =
      transcript && next && !next.startsWith('$') && !next.startsWith('```') ? next : undefined;
    out.push({
      source: `${label}:${at}`,
      command,
      setup: [...setup],
      ...(shown ? { shownOutput: shown } : {}),
    });
  }
  return out;
}
