import type { Command } from 'commander';
import { CliError } from '../errors.js';
import { globalFlags } from '../global-options.js';
import type { CliIo } from '../io.js';
import { incompleteness } from './completeness.js';
import { documentOptions } from './report-options.js';
import { checkOutDirectory, emitReport } from './emit-report.js';
import { chosenRenderer, type FormatName } from './formats.js';
import { readResultFile } from './read-result-file.js';

interface ReportOptions {
  format: FormatName;
  out?: string;
  baseline?: string;
  failOnViolation?: boolean;
  allowPartial?: boolean;
}

export function registerReport(program: Command, io: CliIo): void {
  const command = program
    .command('report')
    .description(
      'render a saved result (JSON, or an HTML report) in another format, validating it first',
    )
    .argument('<file>', 'a result document from --format json, or an HTML report (it embeds one)');
  for (const option of documentOptions('the one saved')) command.addOption(option);
  command
    .option('--fail-on-violation', 'exit with code 1 when any run in the file reports a violation')
    .option(
      '--allow-partial',
      'render a document with missing runs (it says so on stderr) instead of refusing it',
    )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  spte-lab report result.json                       the terminal table again\n' +
        '  spte-lab report result.json --out report.html     share it as one HTML file\n' +
        '  spte-lab report report.html --format csv          the data behind an HTML report',
    )
    .action(async (file: string, options: ReportOptions, command: Command) => {
      const flags = globalFlags(command, io);
      const renderer = chosenRenderer(command, options.format, options.out);
      await checkOutDirectory(options.out, io);
      const doc = await readResultFile(file, 'report', io);
      // "No violations" from a document that lacks runs would be a lie: refuse, or say so.
      const partial = incompleteness(doc);
      if (partial !== undefined && !partial.flagged && options.allowPartial !== true)
        throw new CliError(
          `report: '${file}' is incomplete: ${partial.problem}; give --allow-partial to render it anyway`,
        );
      if (partial !== undefined && !globalFlags(command, io).quiet)
        io.err(`spte-lab: report: '${file}' is incomplete: ${partial.problem}\n`);
      await emitReport(
        doc,
        {
          renderer,
          out: options.out,
          baseline: options.baseline,
          failOnViolation: options.failOnViolation,
        },
        flags,
        io,
      );
    });
}
