import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Tests import sibling packages from source (the `@spte-lab/source` export condition),
 * so a change in spte-core is seen by simulator tests without a rebuild.
 */
const conditions = ['@spte-lab/source', ...defaultServerConditions];

export const sharedTestConfig = defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['tests/**/*.test.ts', 'src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
