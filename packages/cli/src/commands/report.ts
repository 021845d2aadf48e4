import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  readEmbeddedResult,
  readResultDocument,
  ResultDocumentError,
  type ResultDocument,
} from '@spte-lab/reporter';
import type { Command } from 'commander';
import { CliError } from '../errors.js';
import { globalFlags } from '../global-options.js';
import type { CliIo } from '../io.js';
import { checkOutDirectory, emitReport } from './emit-report.js';
import { chosenFormat, type FormatName, formatOption } from './formats.js';

interface ReportOptions {
  format: FormatName;
  out?: string;
  baseline?: string;
  failOnViolation?: boolean;
}

export function registerReport(program: Command, io: CliIo): void {
  program
    .command('report')
    .description(
      'render a saved result (JSON, or an HTML report) in another format, validating it first',
    )
    .argument('<file>', 'a result document from --format json, or an HTML report (it embeds one)')
    .option(
      '-b, --baseline <policy>',
      'policy the ratios are taken against (default: the one saved)',
    )
    .addOption(formatOption())
    .option(
      '-o, --out <file>',
      'write the report to a file, atomically (format from the extension unless --format)',
    )
    .option('--fail-on-violation', 'exit with code 1 when any run in the file reports a violation')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  spte-lab report result.json                       the terminal table again\n' +
        '  spte-lab report result.json --out report.html     share it as one HTML file\n' +
        '  spte-lab report report.html --format csv          the data behind an HTML report',
    )
    .action(async (file: string, options: ReportOptions, command: Command) => {
      const flags = globalFlags(command, io);
      const format = chosenFormat(command, options.format, options.out);
      await checkOutDirectory(options.out, io);
      const doc = await readDocument(file, io);
      await emitReport(
        doc,
        {
          format,
          out: options.out,
          baseline: options.baseline,
          failOnViolation: options.failOnViolation,
        },
        flags,
        io,
      );
    });
}

async function readDocument(file: string, io: CliIo): Promise<ResultDocument> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : (error as Error).message;
    throw new CliError(`report: cannot read '${file}': ${why}`);
  }
  try {
    // An HTML report carries its document; anything else must be the JSON document itself.
    return /^\s*</.test(text) ? readEmbeddedResult(text, file) : readResultDocument(text, file);
  } catch (error) {
    if (error instanceof ResultDocumentError) throw new CliError(`report: ${error.message}`);
    throw error;
  }
}
