#!/usr/bin/env node
// The packages as a user gets them: every package packed with npm, the tarballs installed in a
// fresh project under os.tmpdir() (outside the workspace), and there: ESM import and CJS require
// of every entry, a typecheck under module node16 (with a .cts CommonJS consumer), nodenext and
// bundler, the `spte-lab` bin, runCli from CommonJS, a comparison run programmatically, a
// single-file plugin (.mjs, .ts, .cjs) from a bare folder with --plugin that imports
// @spte-lab/flush-policies, and
// `spte-lab init-plugin`'s package installed, tested, built, packed and loaded by name. Needs a build and the npm registry (for
// the packages' own dependencies), so it runs from .ci/run, not in `npm test`. Temp dirs are
// removed whatever happens.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const packages = readdirSync(join(repo, 'packages'));
const names = packages.map((p) => `@spte-lab/${p}`);
const entries = [...names, '@spte-lab/flush-policies/testing'];
const root = mkdtempSync(join(tmpdir(), 'spte-lab-consumer-'));
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const step = (what) => process.stdout.write(`consumer-test: ${what}\n`);

try {
  const tarballs = join(root, 'tarballs');
  mkdirSync(tarballs);
  for (const p of packages)
    run('npm', ['pack', '--silent', '--pack-destination', tarballs], join(repo, 'packages', p));
  const project = join(root, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  step('installing the tarballs');
  const files = readdirSync(tarballs).map((f) => join(tarballs, f));
  run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--silent',
      ...files,
      `typescript@${run('node', ['-p', "require('typescript/package.json').version"], repo).trim()}`,
      '@types/node@20',
    ],
    project,
  );

  step('ESM import and CJS require of every entry');
  writeFileSync(
    join(project, 'esm.mjs'),
    entries
      .map(
        (e, i) =>
          `import * as m${i} from '${e}'; if (Object.keys(m${i}).length === 0) throw new Error('${e}: empty');`,
      )
      .join('\n'),
  );
  run('node', ['esm.mjs'], project);
  writeFileSync(
    join(project, 'cjs.cjs'),
    entries
      .map((e) => `if (Object.keys(require('${e}')).length === 0) throw new Error('${e}: empty');`)
      .join('\n'),
  );
  run('node', ['cjs.cjs'], project);

  step('runCli from CommonJS, a programmatic comparison, the bin');
  writeFileSync(
    join(project, 'cli.cjs'),
    `
const { runCli, bufferIo } = require('@spte-lab/cli');
const { createSimulator } = require('@spte-lab/simulator');
const runs = createSimulator().compare({ policies: ['kvm-v6.13', 'never'], scenarios: ['migration-bitmap'], seeds: [1] });
if (runs.length !== 2 || !(runs[0].stats.cycles > 0)) throw new Error('compare: unexpected runs');
const io = bufferIo();
runCli(['list', 'policies'], io).then((code) => { if (code !== 0) throw new Error('runCli list: exit ' + code); });
`,
  );
  run('node', ['cli.cjs'], project);
  const listed = run(
    join(project, 'node_modules', '.bin', 'spte-lab'),
    ['list', 'policies'],
    project,
  );
  if (!listed.includes('kvm-v6.13')) throw new Error('spte-lab list: no kvm-v6.13');

  step('a single-file plugin from a bare folder with --plugin');
  const bare = join(root, 'bare');
  mkdirSync(bare);
  writeFileSync(
    join(bare, 'flush-all.mjs'),
    // Imports the API with no node_modules anywhere above it: the CLI resolves it (issue 21).
    `import { definePolicy } from '@spte-lab/flush-policies';
export default definePolicy({
  name: 'flush-all',
  description: 'flushes every TLB on every leaf change',
  onLeafChange: () => ({ scope: 'all', timing: 'now' }),
});
`,
  );
  const compared = run(
    join(project, 'node_modules', '.bin', 'spte-lab'),
    [
      'compare',
      '--plugin',
      './flush-all.mjs',
      '--policies',
      'flush-all,kvm-v6.13',
      '--scenarios',
      'migration-bitmap',
      '--format',
      'json',
    ],
    bare,
  );
  const policies = JSON.parse(compared).runs.map((r) => r.policy);
  if (!policies.includes('flush-all'))
    throw new Error('--plugin from a bare folder: no flush-all run');

  // The same from TypeScript and CommonJS, which the CLI's ESM resolution hook does not reach.
  writeFileSync(
    join(bare, 'flush-ts.ts'),
    `import { definePolicy, type PolicyDecision } from '@spte-lab/flush-policies';
const all: PolicyDecision = { scope: 'all', timing: 'now' };
export default definePolicy({ name: 'flush-ts', description: 'TypeScript', onLeafChange: () => all });
`,
  );
  writeFileSync(
    join(bare, 'flush-cjs.cjs'),
    `const { definePolicy } = require('@spte-lab/flush-policies');
module.exports = definePolicy({ name: 'flush-cjs', description: 'CommonJS', onLeafChange: () => null });
`,
  );
  const listedBare = run(
    join(project, 'node_modules', '.bin', 'spte-lab'),
    ['list', 'policies', '--plugin', './flush-ts.ts', '--plugin', './flush-cjs.cjs'],
    bare,
  );
  if (!listedBare.includes('flush-ts') || !listedBare.includes('flush-cjs'))
    throw new Error('--plugin from a bare folder: the .ts or .cjs plugin is not listed');

  step('init-plugin: a standalone plugin package installs, tests, builds and loads by name');
  const spteLab = join(project, 'node_modules', '.bin', 'spte-lab');
  run(spteLab, ['init-plugin', 'flush-x'], root);
  const plugin = join(root, 'flush-x');
  // Its @spte-lab dependencies (the CLI among them) from the tarballs, as they are not on the
  // registry; the rest (tsup, typescript, vitest) from the registry as a user would get them.
  run('npm', ['install', '--no-audit', '--no-fund', '--silent', '--save-dev', ...files], plugin);
  run('npm', ['test'], plugin);
  run('npm', ['run', 'typecheck'], plugin);
  run('npm', ['run', 'build'], plugin);
  // What it would publish is as clean as our own packages, and its README's commands run.
  run(join(repo, 'node_modules', '.bin', 'publint'), ['--strict'], plugin);
  run(join(repo, 'node_modules', '.bin', 'attw'), ['--pack', '.', '--format', 'ascii'], plugin);
  const local = run(
    'npx',
    ['--no-install', 'spte-lab', 'list', 'policies', '--plugin', './dist/index.js'],
    plugin,
  );
  if (!local.includes('flush-x'))
    throw new Error('init-plugin: npx spte-lab in the package does not list it');
  run('npm', ['pack', '--silent', '--pack-destination', tarballs], plugin);
  const pluginTarball = readdirSync(tarballs).find((f) => f.startsWith('spte-lab-policy-flush-x-'));
  run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--silent', join(tarballs, pluginTarball)],
    project,
  );
  const byName = run(
    spteLab,
    [
      'compare',
      '--plugin',
      'spte-lab-policy-flush-x',
      '-p',
      'flush-x,kvm-v6.13',
      '-s',
      'migration-bitmap',
      '--format',
      'json',
    ],
    project,
  );
  if (!JSON.parse(byName).runs.some((r) => r.policy === 'flush-x'))
    throw new Error('init-plugin: the packed plugin did not load by name');

  step('typecheck: node16 (ESM and a .cts CommonJS consumer), nodenext, bundler');
  const imports = entries
    .map((e, i) => `import * as m${i} from '${e}';\nexport const x${i} = m${i};`)
    .join('\n');
  writeFileSync(join(project, 'esm.mts'), imports);
  writeFileSync(
    join(project, 'cjs.cts'),
    `${imports}\nimport { runCli, bufferIo } from '@spte-lab/cli';\nexport const r: (argv: string[], io: ReturnType<typeof bufferIo>) => Promise<number> = runCli;\n`,
  );
  writeFileSync(join(project, 'bundler.ts'), imports);
  const tsc = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
  // No skipLibCheck: the published declarations themselves are checked. The .d.cts files import
  // ESM-only inversify with resolution-mode 'import' (scripts/cjs-declarations.mjs), so a node16
  // CommonJS consumer gets no TS1479.
  const common = ['--noEmit', '--strict', '--types', 'node', '--target', 'es2022'];
  run(
    'node',
    [tsc, ...common, '--module', 'node16', '--moduleResolution', 'node16', 'esm.mts', 'cjs.cts'],
    project,
  );
  run(
    'node',
    [
      tsc,
      ...common,
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      'esm.mts',
      'cjs.cts',
    ],
    project,
  );
  run(
    'node',
    [tsc, ...common, '--module', 'esnext', '--moduleResolution', 'bundler', 'bundler.ts'],
    project,
  );
  step('ok');
} catch (error) {
  process.stderr.write(
    `consumer-test: FAILED: ${error.message}\n${error.stdout ?? ''}${error.stderr ?? ''}\n`,
  );
  process.exitCode = 1;
} finally {
  rmSync(root, { recursive: true, force: true });
}
