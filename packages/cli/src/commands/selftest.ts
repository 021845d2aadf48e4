import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { evaluateVector, parseVector, type SpteVector } from '@spte-lab/spte-core';
import type { Command } from 'commander';
import { CliError, EXIT_VIOLATIONS } from '../errors.js';
import { requireInputFile } from '../input-file.js';
import type { CliIo } from '../io.js';

export function registerSelftest(program: Command, io: CliIo): void {
  program
    .command('selftest')
    .description('check the SPTE encodings against a file of kernel test vectors (JSON Lines)')
    .requiredOption(
      '--vectors <file>',
      'vector file, e.g. packages/spte-core/tests/fixtures/vectors/kernel-vectors.jsonl',
    )
    .addHelpText(
      'after',
      '\nPrints every mismatch and unparsable line, then "N passed, M failed".\n' +
        'Exit code 0 only when nothing failed, 1 when something did, 2 for an unreadable file.',
    )
    .action(async (options: { vectors: string }) => {
      const { passed, failed } = await runVectors(
        resolve(io.cwd, options.vectors),
        options.vectors,
        io,
      );
      io.out(`${passed} passed, ${failed} failed\n`);
      if (passed + failed === 0)
        throw new CliError(`selftest: '${options.vectors}' holds no vectors`);
      if (failed > 0) {
        throw new CliError(
          `selftest: ${failed} of ${passed + failed} vectors failed`,
          EXIT_VIOLATIONS,
        );
      }
    });
}

/** Streams the file line by line, so files of any size work. */
async function runVectors(path: string, shown: string, io: CliIo) {
  requireInputFile(path, shown, 'selftest: --vectors');
  let file;
  try {
    file = await open(path, 'r');
  } catch (error) {
    throw new CliError(`selftest: cannot read '${shown}': ${(error as Error).message}`);
  }
  let passed = 0;
  let failed = 0;
  let lineNo = 0;
  try {
    const lines = createInterface({ input: file.createReadStream(), crlfDelay: Infinity });
    for await (const line of lines) {
      lineNo += 1;
      const problem = checkLine(line);
      if (problem === undefined) {
        passed += 1;
      } else {
        failed += 1;
        io.out(`line ${lineNo}: ${problem}\n`);
      }
    }
  } finally {
    await file.close();
  }
  return { passed, failed };
}

/** undefined when the line passes, else what went wrong. */
function checkLine(line: string): string | undefined {
  let vector: SpteVector;
  try {
    vector = parseVector(line);
  } catch (error) {
    return `cannot parse: ${(error as Error).message}`;
  }
  const what = `${vector.fn} ${vector.format} ${vector.kernel} args ${JSON.stringify(vector.args)}`;
  try {
    const { pass, actual } = evaluateVector(vector);
    if (pass) return undefined;
    return `${what}: expected ${JSON.stringify(vector.out)}, actual ${JSON.stringify(actual)}`;
  } catch (error) {
    return `${what}: ${(error as Error).message}`;
  }
}
