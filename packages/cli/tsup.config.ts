import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared';

export default defineConfig([
  // shims: the CommonJS build gets an import.meta.url, which finds the sweep worker's file.
  packageBuild({ index: 'src/index.ts' }, { format: ['esm'], shims: true }),
  // @bomb.sh/tab ships only .mjs, whose default export a CommonJS require() of it does not give
  // as `.default`: the CommonJS entry bundles it, so `require('@spte-lab/cli')` works.
  packageBuild(
    { index: 'src/index.ts' },
    { format: ['cjs'], shims: true, clean: false, noExternal: ['@bomb.sh/tab'] },
  ),
  // The executable is ESM only: it uses top-level await and is never require()d.
  packageBuild({ bin: 'src/bin.ts' }, { format: ['esm'], dts: false, clean: false }),
  // The sweep's worker threads load this file by path (src/sweep/worker-url.ts), beside bin.js.
  packageBuild(
    { 'sweep-worker': 'src/sweep/worker.ts' },
    { format: ['esm'], dts: false, clean: false },
  ),
]);
