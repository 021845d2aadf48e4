import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PLUGIN_TEMPLATE_DIR } from '../src/plugin-template.js';
import { cli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'spte-lab-init-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `spte-lab init-plugin`; the package it writes is installed, tested and built by scripts/consumer-test.mjs. */
describe('spte-lab init-plugin <dir>', () => {
  it('writes a standalone plugin package named after the directory', async () => {
    const { code, err } = await cli(['init-plugin', 'flush-on-unlock'], { cwd: dir });
    expect(code).toBe(0);
    expect(err).toMatch(/^spte-lab: wrote 7 files to flush-on-unlock\. Next:\n/);
    const pkg = join(dir, 'flush-on-unlock');
    expect(readdirSync(pkg, { recursive: true }).sort()).toEqual([
      'README.md',
      'package.json',
      'src',
      'src/index.ts',
      'tests',
      'tests/conformance.test.ts',
      'tsconfig.json',
      'tsup.config.ts',
      'vitest.config.ts',
    ]);
    const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
    expect(manifest.name).toBe('spte-lab-policy-flush-on-unlock');
    expect(manifest.peerDependencies['@spte-lab/flush-policies']).toBe('^0.1.0');
    // Standalone: the CLI for `npx spte-lab`, types per condition, nothing of the workspace's.
    expect(manifest.devDependencies['@spte-lab/cli']).toBe('0.1.0');
    expect(manifest.exports['.'].require).toEqual({
      types: './dist/index.d.cts',
      default: './dist/index.cjs',
    });
    expect(manifest.scripts.lint).toBeUndefined();
    expect(manifest.nx).toBeUndefined();
    expect(readFileSync(join(pkg, 'src/index.ts'), 'utf8')).toContain("name: 'flush-on-unlock'");
    expect(readFileSync(join(pkg, 'tests/conformance.test.ts'), 'utf8')).toContain(
      'describePolicyConformance(policy, { describe, it });',
    );
    // No temporary directory left beside it.
    expect(readdirSync(dir)).toEqual(['flush-on-unlock']);
  });

  it('refuses an existing directory, a bad name and a built-in name: one line, exit 2, nothing written', async () => {
    mkdirSync(join(dir, 'taken'));
    const taken = await cli(['init-plugin', 'taken'], { cwd: dir });
    expect([taken.code, taken.err]).toEqual([2, 'spte-lab: init-plugin: taken already exists\n']);
    const bad = await cli(['init-plugin', 'x', '--name', 'no spaces'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^spte-lab: init-plugin: 'no spaces' is not a policy name/);
    // A directory that takes no new entry: one line naming it, no stack, no temp left.
    const proc = await cli(['init-plugin', '/proc/spte-lab-x'], { cwd: dir });
    expect(proc.code).toBe(2);
    expect(proc.err).toMatch(/^spte-lab: init-plugin: cannot write \/proc\/spte-lab-x: [^\n]+\n$/);
    const builtIn = await cli(['init-plugin', 'never'], { cwd: dir });
    expect(builtIn.code).toBe(2);
    expect(builtIn.err).toMatch(/'never' is a built-in policy's name/);
    expect(readdirSync(dir).sort()).toEqual(['flush-on-unlock', 'taken']);
  });

  it('pins the tool versions the workspace builds with', () => {
    const root = JSON.parse(
      readFileSync(join(PLUGIN_TEMPLATE_DIR, '../../../package.json'), 'utf8'),
    );
    const pinned = JSON.parse(readFileSync(join(PLUGIN_TEMPLATE_DIR, 'versions.json'), 'utf8'));
    for (const [name, version] of Object.entries(pinned))
      expect(root.devDependencies[name]).toBe(version);
  });
});
