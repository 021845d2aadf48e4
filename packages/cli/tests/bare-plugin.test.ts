import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/** The built executable (Nx builds before it tests). */
const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const built = existsSync(BIN);
if (!built) console.warn(`SKIPPED bare-plugin.test.ts: ${BIN} is not built (run the build first)`);

/**
 * Issue 21: a single-file plugin in a folder outside any project (no package.json, no
 * node_modules above it) that imports `@spte-lab/flush-policies` gets the CLI's own copy
 * (src/plugin-resolution.ts). Run through the built bin, as a user runs it.
 */
describe.skipIf(!built)('a single-file plugin from a bare folder', () => {
  const bare = mkdtempSync(join(tmpdir(), 'spte-lab-bare-'));
  afterAll(() => rmSync(bare, { recursive: true, force: true }));

  it('imports @spte-lab/flush-policies and is compared with --plugin', () => {
    writeFileSync(
      join(bare, 'flush-all.mjs'),
      `import { definePolicy } from '@spte-lab/flush-policies';
export default definePolicy({
  name: 'flush-all',
  description: 'flushes every TLB on every leaf change',
  onLeafChange: () => ({ scope: 'all', timing: 'now' }),
});
`,
    );
    const argv = ['compare', '--plugin', './flush-all.mjs', '-p', 'flush-all,kvm-v6.13'];
    const run = spawnSync(
      process.execPath,
      [BIN, ...argv, '-s', 'migration-bitmap', '--format', 'json'],
      { cwd: bare, encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const policies = (JSON.parse(run.stdout) as { runs: { policy: string }[] }).runs.map(
      (r) => r.policy,
    );
    expect(policies).toEqual(['flush-all', 'kvm-v6.13']);
  });

  // Node 20 runs no resolution hook for `require`, and TypeScript loads through jiti: the CLI
  // lends them the same packages as jiti aliases (flush-policies' importPlugin).
  it.each([
    [
      'flush-ts.ts',
      `import { definePolicy, type PolicyDecision } from '@spte-lab/flush-policies';
const all: PolicyDecision = { scope: 'all', timing: 'now' };
export default definePolicy({ name: 'flush-ts', description: 'TypeScript', onLeafChange: () => all });
`,
    ],
    [
      'flush-cjs.cjs',
      `const { definePolicy } = require('@spte-lab/flush-policies');
module.exports = definePolicy({
  name: 'flush-cjs',
  description: 'CommonJS',
  onLeafChange: () => ({ scope: 'all', timing: 'now' }),
});
`,
    ],
  ])('a %s plugin gets @spte-lab/flush-policies too', (file, source) => {
    writeFileSync(join(bare, file), source);
    const name = file.replace(/\.c?ts$|\.cjs$/, '');
    const run = spawnSync(
      process.execPath,
      [
        BIN,
        'compare',
        '--plugin',
        `./${file}`,
        '-p',
        `${name},kvm-v6.13`,
        '-s',
        'migration-bitmap',
        '--format',
        'json',
      ],
      { cwd: bare, encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const runs = (JSON.parse(run.stdout) as { runs: { policy: string }[] }).runs;
    expect(runs.map((r) => r.policy)).toEqual([name, 'kvm-v6.13']);
  });

  it('still fails with one line for a package that is not @spte-lab', () => {
    writeFileSync(
      join(bare, 'other.mjs'),
      `import 'left-pad-not-installed';\nexport default {};\n`,
    );
    const run = spawnSync(process.execPath, [BIN, 'list', 'policies', '--plugin', './other.mjs'], {
      cwd: bare,
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/Cannot find package 'left-pad-not-installed'/);
    writeFileSync(join(bare, 'other.cjs'), `require('left-pad-not-installed');\n`);
    const cjs = spawnSync(process.execPath, [BIN, 'list', 'policies', '--plugin', './other.cjs'], {
      cwd: bare,
      encoding: 'utf8',
    });
    expect(cjs.status).toBe(2);
    expect(cjs.stderr.trim().split('\n')).toHaveLength(1);
    expect(cjs.stderr).toMatch(/Cannot find module 'left-pad-not-installed'/);
  });
});
