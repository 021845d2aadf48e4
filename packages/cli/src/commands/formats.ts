import { extname } from 'node:path';
import { builtInRenderers, type Renderer } from '@spte-lab/reporter';
import { type Command, Option } from 'commander';
import { CliError } from '../errors.js';

/** A `--format` value: a built-in format or one a plugin binds under RENDERER. */
export type FormatName = string;

const FORMAT_NAMES: readonly string[] = builtInRenderers.map((r) => r.format);

/**
 * `-f, --format`, listing the built-in renderers. Not a fixed choice: a plugin may bind more
 * under RENDERER, so the name is checked once the plugins are loaded (chosenRenderer).
 */
export function formatOption(): Option {
  const option = new Option(
    '-f, --format <format>',
    `output format: ${FORMAT_NAMES.join(', ')}, or one a --plugin adds`,
  ).default('table');
  // Shell completion offers the built-ins; set without .choices(), which would reject the rest.
  option.argChoices = [...FORMAT_NAMES];
  return option;
}

/**
 * The renderer to write with: the one --format names, else the one --out's extension names
 * (`--out report.html` writes HTML), else the terminal table. `renderers`: the simulator's
 * (built-ins, replaced or added to by plugins). An unknown format is a one-line CliError.
 */
export function chosenRenderer(
  command: Command,
  format: FormatName,
  out: string | undefined,
  renderers: readonly Renderer[] = builtInRenderers,
): Renderer {
  const named = renderers.find((r) => r.format === format);
  if (!named)
    throw new CliError(
      `--format '${format}' is not a format (choose from ${renderers.map((r) => r.format).join(', ')})`,
    );
  if (command.getOptionValueSource('format') !== 'default' || out === undefined) return named;
  const ext = extname(out).toLowerCase();
  return renderers.find((r) => r.extensions.includes(ext)) ?? named;
}
