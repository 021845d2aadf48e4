import { extname } from 'node:path';
import { builtInRenderers } from '@spte-lab/reporter';
import { type Command, Option } from 'commander';

export type FormatName = (typeof builtInRenderers)[number]['format'];

export const FORMAT_NAMES: readonly FormatName[] = builtInRenderers.map((r) => r.format);

/** `-f, --format`, listing every renderer the reporter offers. */
export function formatOption(): Option {
  return new Option(
    '-f, --format <format>',
    'output format: terminal table, JSON result document, CSV, Markdown, HTML report',
  )
    .choices(FORMAT_NAMES as string[])
    .default('table');
}

/**
 * The format to write: the one given with --format, else the one --out's extension names
 * (`--out report.html` writes HTML), else the terminal table.
 */
export function chosenFormat(
  command: Command,
  format: FormatName,
  out: string | undefined,
): FormatName {
  if (command.getOptionValueSource('format') !== 'default' || out === undefined) return format;
  const ext = extname(out).toLowerCase();
  return (
    builtInRenderers.find((r) => (r.extensions as readonly string[]).includes(ext))?.format ??
    format
  );
}
