import { defineConfig } from 'tsup';

/** Bundles the benchmark (sources of this package and spte-core included) for plain node. */
export default defineConfig({
  entry: { run: 'bench/run.ts' },
  outDir: 'bench/dist',
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  clean: true,
  noExternal: [/^@spte-lab\//],
  esbuildOptions(options) {
    options.conditions = ['@spte-lab/source'];
  },
});
