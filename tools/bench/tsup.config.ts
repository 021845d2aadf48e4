import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared';

// A runnable script, not a library: ESM only, no declarations. @spte-lab/spte-core stays external
// and resolves to its built package.
export default defineConfig(packageBuild({ main: 'src/main.ts' }, { format: ['esm'], dts: false }));
