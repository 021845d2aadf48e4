import { fileURLToPath } from 'node:url';
import { formatFiles, generateFiles, readJson, type Tree } from '@nx/devkit';
import { normalizeOptions } from './normalize-options.js';
import type { PolicyPluginSchema } from './schema.js';

/** Versions the generated package pins: the ones this workspace builds and tests with. */
function versions(tree: Tree): Record<string, string> {
  const root = readJson<{ devDependencies: Record<string, string> }>(tree, 'package.json');
  const policies = readJson<{ version: string }>(tree, 'packages/flush-policies/package.json');
  const pick = (name: string, fallback: string) => root.devDependencies?.[name] ?? fallback;
  return {
    spteLab: policies.version,
    tsup: pick('tsup', '~8.5.0'),
    typescript: pick('typescript', '~5.9.3'),
    vitest: pick('vitest', '~4.1.12'),
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
  generateFiles(tree, fileURLToPath(new URL('./files', import.meta.url)), options.directory, {
    ...options,
    versions: versions(tree),
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
