import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared';

export default defineConfig([
  // shims: the CommonJS build gets an import.meta.url, which finds the sweep worker's file.
  packageBuild({ index: 'src/index.ts' }, { shims: true }),
  // The executable is ESM only: it uses top-level await and is never require()d.
  packageBuild({ bin: 'src/bin.ts' }, { format: ['esm'], dts: false, clean: false }),
  // The sweep's worker threads load this file by path (src/sweep/worker-url.ts), beside bin.js.
  packageBuild(
    { 'sweep-worker': 'src/sweep/worker.ts' },
    { format: ['esm'], dts: false, clean: false },
  ),
]);
