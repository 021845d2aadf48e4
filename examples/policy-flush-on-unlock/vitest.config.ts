import { defineConfig } from 'vitest/config';

/**
 * Plain Vitest: spte-lab's packages are used through their built output and public API, as
 * any project that installs them would. The conformance suite runs many simulations.
 */
export default defineConfig({
  test: { include: ['tests/**/*.test.ts'], testTimeout: 120_000 },
});
