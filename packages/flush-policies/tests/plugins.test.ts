import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FLUSH_ALL_NOW, type LeafChange } from '@spte-lab/spte-core';
import { afterAll, describe, expect, it } from 'vitest';
import { isContainerModule, loadPlugins, PluginError } from '../src/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const fixtures = join(here, 'fixtures/plugins');
/** Scratch space inside the package, so that plugins written there resolve its dependencies. */
const scratch = join(here, '../tmp');
mkdirSync(scratch, { recursive: true });
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(scratch, 'plugins-'));
  dirs.push(dir);
  return dir;
}

const load = (specifiers: string[], cwd = fixtures) => loadPlugins(specifiers, { cwd });
const reduced = { permissionsReduced: true, oldWritable: true, newWritable: false } as LeafChange;

/** The snippet the README promises works exactly as written. */
function readmeSnippet(): string {
  const readme = readFileSync(join(here, '../README.md'), 'utf8');
  const block = /```js\n(import \{ definePolicy \}[\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README.md: no ```js block with the smallest plugin');
  return block;
}

describe('loadPlugins: what a plugin module may export', () => {
  it('the README’s smallest plugin, exactly as written, as a .mjs file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'flush-everything.mjs'), readmeSnippet());
    const [plugin] = await load(['./flush-everything.mjs'], dir);
    expect(plugin!.specifier).toBe('./flush-everything.mjs');
    expect(plugin!.path).toBe(join(dir, 'flush-everything.mjs'));
    expect(plugin!.policies.map((p) => p.name)).toEqual(['flush-everything']);
    expect(plugin!.contributions).toEqual(plugin!.policies);
    expect(plugin!.policies[0]!.onLeafChange!(reduced)).toBe(FLUSH_ALL_NOW);
  });

  it('a TypeScript file, without a build step', async () => {
    const [plugin] = await load(['./typed.ts']);
    const policy = plugin!.policies[0]!;
    expect(policy.name).toBe('typed-write-loss');
    expect(policy.onLeafChange!(reduced)).toMatchObject({ timing: 'before-unlock' });
  });

  it('a CommonJS file exporting a plain policy object (checked as definePolicy would)', async () => {
    const [plugin] = await load(['plain-object.cjs']);
    expect(plugin!.policies[0]).toMatchObject({ name: 'plain-cjs', apiVersion: '1.0' });
    expect(plugin!.policies[0]!.onLeafChange!(reduced)).toBe(FLUSH_ALL_NOW);
  });

  it('an array of policies, or policies as named exports', async () => {
    const [array, named] = await load(['./two-policies.mjs', './named-exports.mjs']);
    expect(array!.policies.map((p) => p.name)).toEqual(['first-of-two', 'second-of-two']);
    expect(named!.policies.map((p) => p.name)).toEqual(['named-export']);
  });

  it('an Inversify ContainerModule, whose bound policies are listed', async () => {
    const [plugin] = await load(['./container-module.mjs']);
    expect(plugin!.contributions).toHaveLength(1);
    expect(isContainerModule(plugin!.contributions[0])).toBe(true);
    expect(plugin!.policies.map((p) => p.name)).toEqual(['bound-by-module']);
  });

  it('an npm package, resolved from the working directory with ESM conditions', async () => {
    const project = tempDir();
    const pkg = join(project, 'node_modules/spte-lab-policy-fixture');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({
        name: 'spte-lab-policy-fixture',
        type: 'module',
        exports: { '.': { import: './index.js' } },
      }),
    );
    writeFileSync(
      join(pkg, 'index.js'),
      "export default { name: 'from-npm', description: 'an ESM-only package' };\n",
    );
    const [plugin] = await load(['spte-lab-policy-fixture'], project);
    expect(plugin!.path).toBe(join(pkg, 'index.js'));
    expect(plugin!.policies[0]!.name).toBe('from-npm');
  });
});

describe('loadPlugins: fallbackPackages, lent to plugins that have none installed', () => {
  // Outside any project, so nothing above the plugin resolves the lent package.
  const bare = mkdtempSync(join(tmpdir(), 'spte-lab-lent-'));
  afterAll(() => rmSync(bare, { recursive: true, force: true }));
  const lent = join(bare, 'lent.mjs');
  writeFileSync(
    lent,
    "export const flushAll = () => ({ scope: 'all', timing: 'now' });\nexport const who = 'lent';\n",
  );
  const fallbackPackages = { '@example/lent': lent };

  it.each([
    [
      'a.ts',
      "import { flushAll } from '@example/lent';\nconst name: string = 'ts-lent';\nexport default { name, description: 'd', onLeafChange: flushAll };\n",
    ],
    [
      'b.cjs',
      "const { flushAll } = require('@example/lent');\nmodule.exports = { name: 'cjs-lent', description: 'd', onLeafChange: flushAll };\n",
    ],
  ])('%s imports the lent package', async (file, source) => {
    writeFileSync(join(bare, file), source);
    // Without the lent package, one line naming the missing package (first: jiti caches).
    await expect(loadPlugins([`./${file}`], { cwd: bare })).rejects.toThrow(
      /Cannot find module '@example\/lent'/,
    );
    const [plugin] = await loadPlugins([`./${file}`], { cwd: bare, fallbackPackages });
    expect(plugin!.policies[0]!.onLeafChange!(reduced)).toEqual(FLUSH_ALL_NOW);
  });

  it('a .cjs plugin failing on another package is not retried', async () => {
    writeFileSync(join(bare, 'c.cjs'), "require('@example/absent');\n");
    await expect(loadPlugins(['./c.cjs'], { cwd: bare, fallbackPackages })).rejects.toThrow(
      /Cannot find module '@example\/absent'/,
    );
  });
});

describe('a bad plugin stops with one line naming the plugin and the problem', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'a missing file',
      ['./nowhere.mjs'],
      /^plugin '\.\/nowhere\.mjs': module not found: no file .*nowhere\.mjs$/,
    ],
    [
      'a missing package',
      ['spte-lab-no-such-plugin'],
      /^plugin 'spte-lab-no-such-plugin': module not found: no file of that name and no package 'spte-lab-no-such-plugin' installed in or above /,
    ],
    [
      'no valid export',
      ['./no-valid-export.mjs'],
      /^plugin '\.\/no-valid-export\.mjs': no valid export: expected a default export made by definePolicy\(\) \(or an array of them\) or an Inversify ContainerModule; found exports answer, helper$/,
    ],
    [
      'a default export of the wrong kind',
      ['./default-string.mjs'],
      /no valid export: .*; its default export is a string$/,
    ],
    [
      'a name a built-in has',
      ['./clashes-with-built-in.mjs'],
      /^plugin '\.\/clashes-with-built-in\.mjs': duplicate policy name 'never': already defined by a built-in policy; rename it$/,
    ],
    [
      'a name another plugin has',
      ['./two-policies.mjs', './two-policies.mjs'],
      /^plugin '\.\/two-policies\.mjs': given twice$/,
    ],
    [
      'a newer policy API',
      ['./newer-api.mjs'],
      /^plugin '\.\/newer-api\.mjs': wrong apiVersion '2\.0': this spte-lab supports policy API 1\.0–1\.0; rebuild/,
    ],
    [
      'a throw while importing',
      ['./throws-on-load.mjs'],
      /^plugin '\.\/throws-on-load\.mjs': failed to load .*throws-on-load\.mjs: this plugin fails while it is imported$/,
    ],
    [
      'a misspelt hook',
      ['./misspelt-hook.mjs'],
      /^plugin '\.\/misspelt-hook\.mjs': definePolicy\('misspelt'\): unknown key 'onLeafchange'/,
    ],
  ];
  it.each(cases)('%s', async (_what, specifiers, message) => {
    const error = await load(specifiers).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginError);
    expect((error as PluginError).message).toMatch(message);
    expect((error as PluginError).message).not.toContain('\n');
    expect((error as PluginError).plugin).toBe(specifiers.at(-1));
  });

  it('a name taken by an earlier plugin is blamed on the later one', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.mjs'), "export default { name: 'twin', description: 'first' };\n");
    writeFileSync(join(dir, 'b.mjs'), "export default { name: 'twin', description: 'second' };\n");
    await expect(load(['./a.mjs', './b.mjs'], dir)).rejects.toThrow(
      "plugin './b.mjs': duplicate policy name 'twin': already defined by plugin './a.mjs'; rename it",
    );
  });
});
