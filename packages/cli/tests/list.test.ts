import { fileURLToPath } from 'node:url';
import { builtInPolicies } from '@spte-lab/flush-policies';
import { describe, expect, it } from 'vitest';
import { cliWithList } from './list-helpers.js';

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));

describe('spte-lab list policies', () => {
  it('shows every built-in with where it comes from, its kernel and its description', async () => {
    const { code, out, err } = await cliWithList(['list', 'policies']);
    expect(code).toBe(0);
    expect(err).toBe('');
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME +SOURCE +KERNEL +DESCRIPTION$/);
    for (const [name, policy] of Object.entries(builtInPolicies)) {
      expect(lines).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^${name.replace(/\./g, '\\.')} +built-in +v6\\.1[23] +${escape(policy.description)}$`,
          ),
        ),
      );
    }
    expect(lines).toHaveLength(1 + Object.keys(builtInPolicies).length);
  });

  it('adds the policies of each --plugin, naming the plugin', async () => {
    const { code, out } = await cliWithList(
      ['list', 'policies', '--plugin', './flush-everything.mjs', '--plugin', './typed-policy.ts'],
      fixtures,
    );
    expect(code).toBe(0);
    expect(out).toMatch(
      /^flush-everything +plugin \.\/flush-everything\.mjs +v6\.13 +flushes on every leaf change, immediately$/m,
    );
    expect(out).toMatch(
      /^typed-at-unlock +plugin \.\/typed-policy\.ts +v6\.13 +one flush before unlock/m,
    );
  });

  it('--json gives the same list as data', async () => {
    const { out } = await cliWithList(
      ['list', 'policies', '--json', '--plugin', './flush-everything.mjs'],
      fixtures,
    );
    const rows = JSON.parse(out) as { name: string; source: string; description: string }[];
    expect(rows.find((r) => r.name === 'never')).toMatchObject({ source: 'built-in' });
    expect(rows.at(-1)).toEqual({
      name: 'flush-everything',
      source: 'plugin ./flush-everything.mjs',
      kernel: 'v6.13',
      description: 'flushes on every leaf change, immediately',
    });
  });

  it('a bad plugin is one line naming it, exit code 2', async () => {
    const { code, out, err } = await cliWithList(
      ['list', 'policies', '--plugin', './not-a-plugin.mjs'],
      fixtures,
    );
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(
      "spte-lab: plugin './not-a-plugin.mjs': no valid export: expected a default export made by definePolicy() (or an array of them) or an Inversify ContainerModule; found exports version\n",
    );
  });
});

describe('spte-lab list scenarios', () => {
  it('shows each preset with its description, SPTE format, MMU, spec sections and defaults', async () => {
    const { code, out } = await cliWithList(['list', 'scenarios']);
    expect(code).toBe(0);
    const block = out.split('\n\n').find((b) => b.startsWith('migration-bitmap\n'))!;
    const [name, description, setup, defaults] = block.split('\n');
    expect(name).toBe('migration-bitmap');
    expect(description!.trim().length).toBeGreaterThan(20);
    expect(setup).toMatch(/^ {2}SPTE format (ept|ept-noad|legacy) · (tdp|shadow) MMU · spec §/);
    expect(defaults).toMatch(/^ {2}defaults: vcpus=\d+ gfns=\d+ events=\d+/);
  });

  it('--json lists the same presets as data', async () => {
    const { out } = await cliWithList(['list', 'scenarios', '--json']);
    const rows = JSON.parse(out) as { name: string; specSections: string[]; defaults: object }[];
    expect(rows.map((r) => r.name)).toContain('host-reclaim');
    for (const row of rows) {
      expect(row.specSections.length).toBeGreaterThan(0);
      expect(row.defaults).toMatchObject({ vcpus: expect.any(Number), gfns: expect.any(Number) });
    }
  });

  it('list with an unknown kind is a usage error (exit 2)', async () => {
    const { code, err } = await cliWithList(['list', 'widgets']);
    expect(code).toBe(2);
    expect(err).toMatch(/unknown command 'widgets'/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
