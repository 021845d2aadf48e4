#!/usr/bin/env node
// `npm start`: run `spte-lab compare` with any extra arguments, from the sources. Running the
// CLI needs no type declarations and no package builds (issue 20: a cold start was 65 s), so
// one esbuild bundle (through tsup, with the workspace packages taken from their TypeScript
// sources via the `@spte-lab/source` export condition, every other package left external) is
// written to packages/cli/.start/ and run. It takes a second or two; its output is shown only
// when it fails.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = `${root}packages/cli/.start`;

/** Workspace packages are bundled from source; anything else imported by name stays external. */
const externalDependencies = {
  name: 'external-dependencies',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@spte-lab/') ? undefined : { path: args.path, external: true },
    );
  },
};

try {
  await build({
    config: false,
    entry: { bin: `${root}packages/cli/src/bin.ts` },
    outDir,
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: false,
    sourcemap: true,
    clean: true,
    silent: true,
    splitting: false,
    tsconfig: `${root}packages/cli/tsconfig.json`,
    esbuildPlugins: [externalDependencies],
    esbuildOptions(options) {
      options.conditions = ['@spte-lab/source'];
      options.logLevel = 'error';
    },
  });
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.stderr.write('spte-lab: building the CLI from its sources failed (output above)\n');
  process.exit(1);
}

const run = spawnSync(
  process.execPath,
  ['--enable-source-maps', `${outDir}/bin.js`, 'compare', ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
process.exit(run.status ?? 1);
