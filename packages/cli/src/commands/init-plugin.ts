import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { builtInPolicies, POLICY_NAME } from '@spte-lab/flush-policies';
import type { Command } from 'commander';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { fileProblem } from '../output.js';
import { renderPluginTemplate } from '../plugin-template.js';

interface InitPluginOptions {
  name?: string;
  description?: string;
  packageName?: string;
}

const DEFAULT_DESCRIPTION =
  'flushes every TLB at once on every leaf change that takes a permission away';

/**
 * `spte-lab init-plugin <dir>`: a standalone policy-plugin package (package.json, tsconfig,
 * tsup and vitest configs, the policy, a conformance test with the kit, README) from the
 * template the workspace's Nx generator uses. The policy starts as the safe textbook rule, so
 * `npm install && npm test && npm run build` passes at once.
 */
export function registerInitPlugin(program: Command, io: CliIo): void {
  program
    .command('init-plugin')
    .description(
      'write a standalone flush-policy plugin package (source, conformance test, README)',
    )
    .argument('<dir>', 'the new package directory (must not exist)')
    .option('--name <policy>', 'the policy name (default: the directory name)')
    .option('--description <text>', 'one line on what the policy does')
    .option('--package-name <name>', 'the npm package name (default: spte-lab-policy-<policy>)')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  spte-lab init-plugin flush-on-unlock\n' +
        '  cd flush-on-unlock && npm install && npm test && npm run build\n' +
        '  spte-lab compare --plugin ./dist/index.js',
    )
    .action((dir: string, options: InitPluginOptions) => {
      const target = resolve(io.cwd, dir);
      const name = options.name ?? basename(target);
      if (!POLICY_NAME.test(name)) {
        throw new CliError(
          `init-plugin: '${name}' is not a policy name (1–64 letters, digits, '.', '_' or '-', starting with a letter or digit); give one with --name`,
        );
      }
      if (name in builtInPolicies) {
        throw new CliError(`init-plugin: '${name}' is a built-in policy's name; choose another`);
      }
      if (existsSync(target)) throw new CliError(`init-plugin: ${dir} already exists`);
      const files = renderPluginTemplate({
        name,
        packageName: options.packageName ?? `spte-lab-policy-${name}`,
        description: options.description ?? DEFAULT_DESCRIPTION,
      });
      writeAllOrNothing(target, files);
      io.err(
        `spte-lab: wrote ${files.size} files to ${dir}. Next:\n` +
          `  cd ${dir} && npm install && npm test && npm run build\n` +
          `  spte-lab compare --plugin ./dist/index.js --policies kvm-v6.13,${name}\n`,
      );
    });
}

/** Writes the files in a hidden sibling directory, then renames it into place: all or none. */
function writeAllOrNothing(target: string, files: ReadonlyMap<string, string>): void {
  let temp: string;
  try {
    mkdirSync(dirname(target), { recursive: true });
    temp = mkdtempSync(join(dirname(target), `.${basename(target)}.init-`));
  } catch (error) {
    throw new CliError(`init-plugin: cannot write ${target}: ${fileProblem(error, target)}`);
  }
  try {
    for (const [path, text] of files) {
      mkdirSync(dirname(join(temp, path)), { recursive: true });
      writeFileSync(join(temp, path), text);
    }
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw new CliError(`init-plugin: cannot write ${target}: ${fileProblem(error, target)}`);
  }
}
