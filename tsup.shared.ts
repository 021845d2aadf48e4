import type { Options } from 'tsup';

/**
 * One build recipe for every publishable package: ESM + CJS + type declarations,
 * so that `exports` can offer `import`, `require` and `types` side by side.
 */
export function packageBuild(entry: Record<string, string>, extra: Partial<Options> = {}): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    ...extra,
  };
}
