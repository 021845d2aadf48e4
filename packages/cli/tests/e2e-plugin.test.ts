import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The issue's "done when": pack the example plugin and every @spte-lab package with `npm pack`,
 * install the tarballs into an empty project that depends on nothing else, and run the packed
 * `spte-lab compare --plugin` there. Nothing from the workspace is reachable from that project,
 * so this is what a user who installs from the registry gets.
 *
 * Needs the packages built (Nx builds them before this package's tests: the example is a
 * devDependency for that reason) and the npm registry or cache for third-party dependencies.
 */
const root = fileURLToPath(new URL('../../..', import.meta.url));
const PACKAGES = [
  'packages/spte-core',
  'packages/tlb-model',
  'packages/flush-policies',
  'packages/workload-gen',
  'packages/reporter',
  'packages/simulator',
  'packages/cli',
  'examples/policy-flush-on-unlock',
];
const built = PACKAGES.every((p) => existsSync(join(root, p, 'dist')));
if (!built) console.warn('SKIPPED e2e-plugin.test.ts: build the workspace first (npm run build)');

/** npm and node without the npm_* settings of any npm run this test is inside of. */
function env(): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(
    // FORCE_COLOR (Nx sets it for its tasks) would make Node warn that NO_COLOR is ignored.
    Object.entries(process.env).filter(
      ([k]) => !/^npm_/i.test(k) && k !== 'INIT_CWD' && k !== 'FORCE_COLOR',
    ),
  );
  return { ...clean, NO_COLOR: '1' };
}

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env: env(), encoding: 'utf8', timeout: 240_000 });
}

/** The README's smallest plugin, exactly as the README shows it. */
function readmeSnippet(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Write your own policy'));
  const block = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error("README.md: no ```js block under '## Write your own policy'");
  return block;
}

describe.skipIf(!built)('a packed plugin in a project that has only the packed packages', () => {
  let work: string;
  let project: string;
  const cli = (...args: string[]) =>
    run(process.execPath, [join(project, 'node_modules/.bin/spte-lab'), ...args], project);

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'spte-lab-e2e-'));
    project = join(work, 'project');
    mkdirSync(project);
    const workspaces = PACKAGES.flatMap((p) => ['-w', p]);
    const pack = run('npm', ['pack', ...workspaces, '--pack-destination', work, '--json'], root);
    if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
    const tarballs = (JSON.parse(pack.stdout) as { name: string; filename: string }[]).map(
      (t) => [t.name, `file:../${t.filename.replace(/^@/, '').replace('/', '-')}`] as const,
    );
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify(
        { name: 'e2e', private: true, type: 'module', dependencies: Object.fromEntries(tarballs) },
        null,
        2,
      ),
    );
    const install = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], project);
    if (install.status !== 0) throw new Error(`npm install failed:\n${install.stderr}`);
    writeFileSync(join(project, 'flush-everything.mjs'), readmeSnippet());
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('installed nothing from the workspace: every @spte-lab package is a real copy', () => {
    const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.dependencies).sort()).toEqual([
      '@spte-lab/cli',
      '@spte-lab/flush-policies',
      '@spte-lab/policy-flush-on-unlock',
      '@spte-lab/reporter',
      '@spte-lab/simulator',
      '@spte-lab/spte-core',
      '@spte-lab/tlb-model',
      '@spte-lab/workload-gen',
    ]);
    for (const dep of Object.keys(manifest.dependencies)) {
      const dir = join(project, 'node_modules', dep);
      expect(existsSync(join(dir, 'dist')), dep).toBe(true);
      expect(existsSync(join(dir, 'src')), `${dep} ships no sources`).toBe(false);
    }
  });

  it('spte-lab compare --plugin <the packed example>: its row appears', () => {
    const table = cli(
      'compare',
      '--plugin',
      '@spte-lab/policy-flush-on-unlock',
      '--scenarios',
      'migration-bitmap',
    );
    expect(table.stderr).toBe('');
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/│\s+flush-on-unlock\s+│/);
    expect(table.stdout).toMatch(/│\s+kvm-v6\.13 \(baseline\)\s+│/);

    const json = cli(
      'compare',
      '--plugin',
      '@spte-lab/policy-flush-on-unlock',
      '--scenarios',
      'migration-bitmap',
      '--format',
      'json',
    );
    const doc = JSON.parse(json.stdout) as { runs: { policy: string; violations: unknown[] }[] };
    const row = doc.runs.find((r) => r.policy === 'flush-on-unlock');
    expect(row).toBeDefined();
    expect(row!.violations).toEqual([]);
  });

  it('the README’s smallest plugin works exactly as written, as a file', () => {
    const r = cli(
      'compare',
      '--plugin',
      './flush-everything.mjs',
      '--policies',
      'kvm-v6.13,flush-everything',
      '--scenarios',
      'migration-bitmap',
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/│\s+flush-everything\s+│/);
  });

  it('a TypeScript plugin file loads with the packed loader (no build step)', () => {
    writeFileSync(
      join(project, 'typed.ts'),
      "import { definePolicy, type PolicyDecision } from '@spte-lab/flush-policies';\n" +
        "const now: PolicyDecision = { scope: 'all', timing: 'now' };\n" +
        "export default definePolicy({ name: 'typed', description: 'a .ts plugin', onLeafChange: (c) => (c.permissionsReduced ? now : null) });\n",
    );
    const r = cli(
      'compare',
      '--plugin',
      './typed.ts',
      '--policies',
      'typed',
      '--scenarios',
      'migration-bitmap',
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/│\s+typed/);
  });

  it('list policies shows the plugin with its description', () => {
    const r = cli('list', 'policies', '--plugin', '@spte-lab/policy-flush-on-unlock');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /^flush-on-unlock +plugin @spte-lab\/policy-flush-on-unlock +v6\.13 +kvm-v6\.13's flushes/m,
    );
  });

  it('a bad plugin, or one that throws in a run: one line naming it, exit 2, no report', () => {
    writeFileSync(join(project, 'empty.mjs'), 'export const nothing = 1;\n');
    const bad = cli('compare', '--plugin', './empty.mjs');
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^spte-lab: plugin '\.\/empty\.mjs': no valid export: .*\n$/);

    writeFileSync(
      join(project, 'throws.mjs'),
      "export default { name: 'throws', description: 'throws in a run', onLeafChange() { throw new Error('boom'); } };\n",
    );
    const throws = cli('compare', '--plugin', './throws.mjs', '--scenarios', 'migration-bitmap');
    expect(throws.status).toBe(2);
    expect(throws.stdout).toBe('');
    // The plugin's runs happen on a worker thread of the packed package (containment).
    expect(throws.stderr).toMatch(
      /^spte-lab: compare: run \d+ \(policy throws, scenario migration-bitmap, seed 1\) failed: plugin '\.\/throws\.mjs': policy 'throws': onLeafChange threw: boom\n$/,
    );
  });
});
