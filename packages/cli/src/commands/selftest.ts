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
        'Exit code 0 only when nothing failed, 1 when something did, 2 for an unreadable file\n' +
        'or one in which no line is a vector.',
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
  // Until one line is a vector, problems wait here: a file with none is the wrong file (exit
  // 2, one line), not a file of failing vectors.
  let held: string[] | undefined = [];
  try {
    const lines = createInterface({ input: file.createReadStream(), crlfDelay: Infinity });
    for await (const line of lines) {
      lineNo += 1;
      const { parsed, problem } = checkLine(line);
      if (parsed && held) {
        held.forEach((text) => io.out(text));
        held = undefined;
      }
      if (problem === undefined) {
        passed += 1;
      } else {
        failed += 1;
        const text = `line ${lineNo}: ${problem}\n`;
        if (held) held.push(text);
        else io.out(text);
      }
    }
  } finally {
    await file.close();
  }
  if (held && held.length > 0) {
    throw new CliError(
      `selftest: --vectors '${shown}' is not a vector file: no line of it is a vector (${held[0]!.trim()})`,
    );
  }
  return { passed, failed };
}

/** Whether the line is a vector at all, and undefined `problem` when it passes. */
function checkLine(line: string): { parsed: boolean; problem?: string } {
  let vector: SpteVector;
  try {
    vector = parseVector(line);
  } catch (error) {
    return { parsed: false, problem: `cannot parse: ${(error as Error).message}` };
  }
  const what = `${vector.fn} ${vector.format} ${vector.kernel} args ${JSON.stringify(vector.args)}`;
  try {
    const { pass, actual } = evaluateVector(vector);
    if (pass) return { parsed: true };
    const problem = `${what}: expected ${JSON.stringify(vector.out)}, actual ${JSON.stringify(actual)}`;
    return { parsed: true, problem };
  } catch (error) {
    return { parsed: true, problem: `${what}: ${(error as Error).message}` };
  }
}
