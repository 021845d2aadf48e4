import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

/**
 * Module boundaries follow ../shared/design/ARCHITECTURE.md ("Dependency direction"):
 *   cli -> simulator -> { spte-core, tlb-model, flush-policies, workload-gen, reporter }
 *   tlb-model -> spte-core, flush-policies -> spte-core, workload-gen -> spte-core
 * The cli sits on top and may also use the libraries the simulator composes.
 * tools/ and examples/ are outside the product and may use any published package.
 */
export const depConstraints = [
  { sourceTag: 'scope:core', onlyDependOnLibsWithTags: ['scope:core'] },
  { sourceTag: 'scope:tlb', onlyDependOnLibsWithTags: ['scope:core'] },
  { sourceTag: 'scope:policies', onlyDependOnLibsWithTags: ['scope:core'] },
  { sourceTag: 'scope:workload', onlyDependOnLibsWithTags: ['scope:core'] },
  { sourceTag: 'scope:reporter', onlyDependOnLibsWithTags: [] },
  {
    sourceTag: 'scope:simulator',
    onlyDependOnLibsWithTags: [
      'scope:core',
      'scope:tlb',
      'scope:policies',
      'scope:workload',
      'scope:reporter',
    ],
  },
  {
    sourceTag: 'scope:cli',
    onlyDependOnLibsWithTags: [
      'scope:simulator',
      'scope:core',
      'scope:tlb',
      'scope:policies',
      'scope:workload',
      'scope:reporter',
    ],
  },
  { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['*'] },
  { sourceTag: 'scope:example', onlyDependOnLibsWithTags: ['scope:core', 'scope:policies'] },
];

export default [
  { ignores: ['**/dist', '**/node_modules', '**/.nx', '**/coverage', '**/tmp'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    files: ['**/*.ts', '**/*.mts', '**/*.js', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          banTransitiveDependencies: true,
          depConstraints,
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // With noUncheckedIndexedAccess every typed-array read is `number | undefined`; `!` is the
      // allocation-free way to say "in bounds" on hot paths.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // No-op listeners and default callbacks (null objects) are deliberate here.
      '@typescript-eslint/no-empty-function': 'off',
    },
  },
  {
    // Build and test configs share the workspace's root config files by relative import.
    files: ['**/*.config.ts', '**/*.config.mts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  prettier,
];
