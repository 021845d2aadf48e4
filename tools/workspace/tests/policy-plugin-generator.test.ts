import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { policyPluginGenerator } from '../src/generators/policy-plugin/generator.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
// Plain output whatever the parent set (Nx runs tests with FORCE_COLOR): the test reads stdout.
const { FORCE_COLOR: _forceColor, ...parentEnv } = process.env;
const env = {
  ...parentEnv,
  NO_COLOR: '1',
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
};

/** A virtual workspace holding the two files the generator reads versions from. */
function workspaceTree(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  for (const file of ['package.json', 'packages/flush-policies/package.json']) {
    tree.write(file, readFileSync(join(root, file), 'utf8'));
  }
  return tree;
}

describe('policy-plugin generator (virtual tree)', () => {
  // A virtual tree has no formatter config; formatting is checked on disk below.
  beforeAll(() => vi.stubEnv('NX_SKIP_FORMAT', 'true'));
  afterAll(() => vi.unstubAllEnvs());

  it('scaffolds a standalone package: manifest, build, policy source, conformance test, README', async () => {
    const tree = workspaceTree();
    await policyPluginGenerator(tree, { name: 'my-policy' });
    const dir = 'examples/my-policy';
    const created = tree
      .listChanges()
      .filter((c) => c.type === 'CREATE' && c.path.startsWith(dir))
      .map((c) => c.path.slice(dir.length + 1))
      .sort();
    expect(created).toEqual([
      'README.md',
      'package.json',
      'src/index.ts',
      'tests/conformance.test.ts',
      'tsconfig.json',
      'tsup.config.ts',
      'vitest.config.ts',
    ]);
    const manifest = JSON.parse(tree.read(`${dir}/package.json`, 'utf8')!);
    expect(manifest).toMatchObject({
      name: 'spte-lab-policy-my-policy',
      type: 'module',
      peerDependencies: { '@spte-lab/flush-policies': '^0.1.0' },
      devDependencies: { '@spte-lab/simulator': '0.1.0', tsup: expect.any(String) },
      exports: {
        '.': {
          import: { types: './dist/index.d.ts', default: './dist/index.js' },
          require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
        },
      },
      // In the workspace: its ESLint and Nx tags (a standalone package from init-plugin has neither).
      scripts: { lint: 'eslint src tests' },
      nx: { tags: ['scope:example'] },
    });
    expect(manifest.devDependencies['@spte-lab/cli']).toBeUndefined();
    const source = tree.read(`${dir}/src/index.ts`, 'utf8')!;
    expect(source).toContain("import { definePolicy } from '@spte-lab/flush-policies';");
    expect(source).toContain("name: 'my-policy',");
    expect(source).toContain('Expected verdict: safe.');
    expect(tree.read(`${dir}/tests/conformance.test.ts`, 'utf8')).toContain(
      'describePolicyConformance(policy, { describe, it });',
    );
  });

  it('takes a directory, a package name and a description; quotes what needs quoting', async () => {
    const tree = workspaceTree();
    await policyPluginGenerator(tree, {
      name: 'mine',
      directory: 'plugins/mine/',
      packageName: '@me/spte-lab-policy-mine',
      description: "flushes at the VMM's request",
    });
    expect(JSON.parse(tree.read('plugins/mine/package.json', 'utf8')!).name).toBe(
      '@me/spte-lab-policy-mine',
    );
    // Unformatted here (a virtual tree has no Prettier config), but valid TypeScript.
    expect(tree.read('plugins/mine/src/index.ts', 'utf8')).toContain(
      "description: 'flushes at the VMM\\'s request',",
    );
  });

  it('refuses names the CLI would refuse, and never overwrites a directory', async () => {
    const tree = workspaceTree();
    await expect(policyPluginGenerator(tree, { name: 'has space' })).rejects.toThrow(
      "policy-plugin: 'has space' is not a policy name",
    );
    await expect(policyPluginGenerator(tree, { name: 'kvm-v6.13' })).rejects.toThrow(
      "policy-plugin: 'kvm-v6.13' is the name of a built-in policy; choose another",
    );
    tree.write('examples/taken/README.md', '# mine\n');
    await expect(policyPluginGenerator(tree, { name: 'taken' })).rejects.toThrow(
      'policy-plugin: examples/taken already exists; choose another --directory',
    );
  });
});

describe('the generated package, on disk', () => {
  // Inside the workspace (tmp/ is ignored by git and ESLint), so that it resolves the built
  // @spte-lab packages as an installed project would.
  mkdirSync(join(root, 'tmp'), { recursive: true });
  const scratch = mkdtempSync(join(root, 'tmp', 'policy-plugin-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const run = (cmd: string, args: string[], cwd: string) =>
    spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 300_000 });

  it('`npx nx g @spte-lab/tools:policy-plugin <name>` writes a package that builds, type-checks, is formatted and passes its tests at once', () => {
    const dir = join(relative(root, scratch), 'fresh-policy');
    const generate = run(
      'npx',
      ['nx', 'g', '@spte-lab/tools:policy-plugin', 'fresh-policy', '--directory', dir],
      root,
    );
    expect(generate.status, generate.stdout + generate.stderr).toBe(0);
    expect(generate.stdout).toContain(`CREATE ${dir}/src/index.ts`);
    const pkg = join(root, dir);
    // From the root, where the workspace's Prettier config and ignore file apply.
    const format = run('npx', ['prettier', '--check', dir], root);
    expect(format.status, format.stdout + format.stderr).toBe(0);
    const build = run('npx', ['tsup'], pkg);
    expect(build.status, build.stderr).toBe(0);
    const types = run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'], pkg);
    expect(types.status, types.stdout).toBe(0);
    const tests = run('npx', ['vitest', 'run'], pkg);
    expect(tests.status, tests.stdout + tests.stderr).toBe(0);
    expect(tests.stdout).toMatch(/Tests\s+.*\d+ passed/);
    expect(tests.stdout).not.toMatch(/failed/);
  }, 300_000);
});
