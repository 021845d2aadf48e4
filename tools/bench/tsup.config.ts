import { defineConfig } from 'tsup';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the shared build recipe is a workspace-root file, not a package
import { packageBuild } from '../../tsup.shared';

// A runnable script, not a library: ESM only, no declarations. @spte-lab/spte-core stays external
// and resolves to its built package.
export default defineConfig(packageBuild({ main: 'src/main.ts' }, { format: ['esm'], dts: false }));
