import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { formatFiles, generateFiles, readJson, type Tree } from '@nx/devkit';
import { normalizeOptions } from './normalize-options.js';
import type { PolicyPluginSchema } from './schema.js';

/**
 * The templates are the ones `spte-lab init-plugin` writes a standalone plugin from: they ship
 * with @spte-lab/cli (plugin-template/), one copy for both.
 */
const TEMPLATES = join(
  dirname(createRequire(import.meta.url).resolve('@spte-lab/cli/package.json')),
  'plugin-template',
);

/** Versions the generated package pins: the ones this workspace builds and tests with. */
function versions(tree: Tree): Record<string, string> {
  const root = readJson<{ devDependencies: Record<string, string> }>(tree, 'package.json');
  const policies = readJson<{ version: string }>(tree, 'packages/flush-policies/package.json');
  const fallback = JSON.parse(readFileSync(join(TEMPLATES, 'versions.json'), 'utf8')) as Record<
    string,
    string
  >;
  const pick = (name: string) => root.devDependencies?.[name] ?? fallback[name]!;
  return {
    spteLab: policies.version,
    tsup: pick('tsup'),
    typescript: pick('typescript'),
    vitest: pick('vitest'),
  };
}

/**
 * `npx nx g @spte-lab/tools:policy-plugin <name>`: a standalone plugin package that builds
 * and passes its conformance tests at once. Its policy starts as `conservative` (STYLE.md: the
 * shortest safe policy is the template), so the first test run is green and every change the
 * author makes is measured against a safe baseline.
 */
export async function policyPluginGenerator(tree: Tree, schema: PolicyPluginSchema) {
  const options = normalizeOptions(tree, schema);
  generateFiles(tree, join(TEMPLATES, 'files'), options.directory, {
    ...options,
    versions: versions(tree),
    workspace: true,
    quote: (s: string) => s.replace(/\\/g, '\\\\').replace(/'/g, "\\'"),
    tmpl: '',
  });
  await formatFiles(tree);
  return () => {
    console.log(
      `\n${options.packageName} is in ${options.directory}. Next:\n` +
        `  cd ${options.directory} && npm run build && npm test\n` +
        `  npx spte-lab compare --plugin ./${options.directory}/dist/index.js\n`,
    );
  };
}

export default policyPluginGenerator;
