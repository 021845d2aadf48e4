import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * Proves that `npm run lint` enforces ARCHITECTURE.md's dependency direction: the root ESLint
 * config's @nx/enforce-module-boundaries rule rejects a forbidden import and accepts an allowed
 * one. Each case lints a probe file placed (virtually) inside a real package.
 */
const root = fileURLToPath(new URL('../../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(packageDir: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, {
    filePath: `${root}/packages/${packageDir}/src/boundary-probe.ts`,
  });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === '@nx/enforce-module-boundaries')
    .map((m) => m.message);
}

describe('module boundaries (ARCHITECTURE.md "Dependency direction")', () => {
  const forbidden: [string, string][] = [
    ['spte-core', '@spte-lab/tlb-model'],
    ['spte-core', '@spte-lab/flush-policies'],
    ['tlb-model', '@spte-lab/flush-policies'],
    ['flush-policies', '@spte-lab/simulator'],
    ['reporter', '@spte-lab/spte-core'],
    ['workload-gen', '@spte-lab/reporter'],
    ['simulator', '@spte-lab/cli'],
  ];
  it.each(forbidden)(
    '%s may not import %s',
    async (from, target) => {
      const errors = await boundaryErrors(
        from,
        `import * as m from '${target}';\nexport const probe = m;\n`,
      );
      expect(errors.length).toBeGreaterThan(0);
      // Either the tag constraint or, where the import would close a cycle, the cycle check.
      expect(errors.join('\n')).toMatch(/tagged with|Circular dependency/);
    },
    60_000,
  );

  const allowed: [string, string][] = [
    ['tlb-model', '@spte-lab/spte-core'],
    ['flush-policies', '@spte-lab/spte-core'],
    ['simulator', '@spte-lab/tlb-model'],
    ['cli', '@spte-lab/simulator'],
  ];
  it.each(allowed)(
    '%s may import %s',
    async (from, target) => {
      const errors = await boundaryErrors(
        from,
        `import * as m from '${target}';\nexport const probe = m;\n`,
      );
      expect(errors).toEqual([]);
    },
    60_000,
  );
});
