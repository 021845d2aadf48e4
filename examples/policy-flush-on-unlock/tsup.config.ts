import { defineConfig } from 'tsup';

/** ESM for `--plugin` and import, CommonJS for require, and type declarations. */
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
});
