import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared';

/** Two public surfaces (STYLE.md, after Vitest): the policies, and the conformance kit. */
export default defineConfig(
  packageBuild({ index: 'src/index.ts', testing: 'src/testing/index.ts' }),
);
