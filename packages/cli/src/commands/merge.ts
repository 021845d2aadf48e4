import type { Command } from 'commander';
import { globalFlags } from '../global-options.js';
import type { CliIo } from '../io.js';
import { documentOptions } from './report-options.js';
import { mergeShards, type ShardFile } from '../sweep/merge-shards.js';
import { checkOutDirectory, emitReport } from './emit-report.js';
import { chosenRenderer, type FormatName } from './formats.js';
import { readResultFile } from './read-result-file.js';
import { auditFormat } from '../audit/audit-formats.js';
import { isAuditFile, mergeAuditFiles } from '../audit/merge-audit-files.js';

interface MergeOptions {
  format: FormatName;
  out?: string;
  baseline?: string;
  allowPartial?: boolean;
  failOnViolation?: boolean;
}

export function registerMerge(program: Command, io: CliIo): void {
  const command = program
    .command('merge')
    .description(
      'combine the shards of a sweep or an audit (--shard i/n) into the document the unsharded command writes',
    )
    .argument('<files...>', 'shard documents (JSON), in any order')
    .option(
      '--allow-partial',
      'merge even when shards are missing (the result lists the missing runs)',
    );
  for (const option of documentOptions('the one saved')) command.addOption(option);
  command
    .option('--fail-on-violation', 'exit with code 1 when any merged run reports a violation')
    .addHelpText(
      'after',
      '\nThe shards must come from one sweep (same grid, seeds, settings, version and n), each\n' +
        'once, and, without --allow-partial, all n of them.\n' +
        '\nExamples:\n' +
        '  spte-lab merge shard-1.json shard-2.json shard-3.json --out sweep.json\n' +
        '  spte-lab merge shards/*.json --format md                       straight to a report\n' +
        '  spte-lab merge shard-1.json shard-3.json --allow-partial       a look before shard 2 is done\n' +
        '  spte-lab merge audit-*.json --out audit.json                   the shards of spte-lab audit --shard i/n',
    )
    .action(async (files: string[], options: MergeOptions, command: Command) => {
      const flags = globalFlags(command, io);
      if (await isAuditFile(files[0]!, io)) {
        // Audit shards (audit --shard i/n): their own document, always complete.
        await mergeAuditFiles(files, { out: options.out, format: auditFormat(options.format) }, io);
        return;
      }
      const renderer = chosenRenderer(command, options.format, options.out);
      await checkOutDirectory(options.out, io);
      const shards: ShardFile[] = [];
      for (const file of files) shards.push({ file, doc: await readResultFile(file, 'merge', io) });
      const merged = mergeShards(shards, options.allowPartial === true);
      if (merged.missingShards.length > 0 && !flags.quiet) {
        const count = shards[0]!.doc.shard!.count;
        io.err(
          `spte-lab: merge: partial result: shard${merged.missingShards.length === 1 ? '' : 's'} ${merged.missingShards.map((i) => `${i}/${count}`).join(', ')} missing (${merged.missingRuns.length} runs, listed in missingRuns)\n`,
        );
      }
      await emitReport(
        merged.doc,
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
