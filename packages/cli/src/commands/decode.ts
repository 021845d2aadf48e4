import {
  decode,
  isKernelVersion,
  isSpteFormat,
  KERNEL_VERSIONS,
  SPTE_FORMATS,
  type DecodedSpte,
  type KernelVersion,
  type SpteFormat,
} from '@spte-lab/spte-core';
import type { Command } from 'commander';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';

interface DecodeOptions {
  format: string;
  kernel: string;
  json?: boolean;
}

export function registerDecode(program: Command, io: CliIo): void {
  program
    .command('decode')
    .description('explain a 64-bit SPTE value field by field, with invariant warnings')
    .argument('<hex>', 'the SPTE value, hexadecimal (0x prefix optional)')
    .option('--format <format>', `SPTE format: ${SPTE_FORMATS.join(', ')}`, 'ept')
    .option('--kernel <version>', `kernel semantics: ${KERNEL_VERSIONS.join(', ')}`, 'v6.13')
    .option('--json', 'print the decoded value as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  spte-lab decode 0x600000001234b77 --format ept\n' +
        '  spte-lab decode 0x80000000ab200ae7 --format legacy --kernel v6.12 --json',
    )
    .action((hex: string, options: DecodeOptions) => {
      const decoded = decode(
        parseSpte(hex),
        formatOption(options.format),
        kernelOption(options.kernel),
      );
      io.out(options.json ? `${JSON.stringify(decoded, null, 2)}\n` : renderDecoded(decoded));
    });
}

function parseSpte(text: string): bigint {
  const digits = text.replace(/^0x/i, '');
  if (!/^[0-9a-f]+$/i.test(digits))
    throw new CliError(`decode: '${text}' is not a hexadecimal number`);
  const value = BigInt(`0x${digits}`);
  if (value >> 64n !== 0n) throw new CliError(`decode: '${text}' does not fit in 64 bits`);
  return value;
}

function formatOption(name: string): SpteFormat {
  if (isSpteFormat(name)) return name;
  throw new CliError(`decode: unknown format '${name}' (expected ${SPTE_FORMATS.join(', ')})`);
}

function kernelOption(name: string): KernelVersion {
  if (isKernelVersion(name)) return name;
  throw new CliError(`decode: unknown kernel '${name}' (expected ${KERNEL_VERSIONS.join(', ')})`);
}

/** The readable form: a header, the field table, the predicates and the warnings. */
export function renderDecoded(d: DecodedSpte): string {
  const lines = [
    `${d.value}: ${d.kind} SPTE, ${d.format} (${d.formatDescription}), kernel ${d.kernel}`,
    '',
    ...table(
      ['bits', 'field', 'value', 'meaning'],
      d.fields.map((f) => [f.bits, f.name, fieldValue(f.bits, f.value), f.meaning]),
    ),
    '',
    `pfn ${d.pfn}` +
      (d.mmioGeneration === undefined ? '' : `, MMIO generation ${d.mmioGeneration}`),
    '',
    ...table(
      ['predicate', 'value'],
      Object.entries(d.predicates).map(([name, value]) => [name, String(value)]),
    ),
    '',
    ...(d.warnings.length === 0 ? ['no warnings'] : d.warnings.map((w) => `warning: ${w}`)),
  ];
  return `${lines.join('\n')}\n`;
}

/** Fields four bits or wider print in hex. */
function fieldValue(bits: string, value: number): string {
  const [hi, lo = hi] = bits.split(':').map(Number);
  return (hi ?? 0) - (lo ?? 0) >= 3 ? `0x${value.toString(16)}` : String(value);
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
