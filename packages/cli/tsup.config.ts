import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared';

export default defineConfig([
  packageBuild({ index: 'src/index.ts' }),
  // The executable is ESM only: it uses top-level await and is never require()d.
  packageBuild({ bin: 'src/bin.ts' }, { format: ['esm'], dts: false, clean: false }),
]);
