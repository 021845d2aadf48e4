import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared';

// Runnable scripts, not a library: ESM only, no declarations. The workspace packages stay
// external and resolve to their built packages. memory-probe runs in a child process.
export default defineConfig(
  packageBuild(
    { main: 'src/main.ts', 'memory-probe': 'src/memory/memory-probe.ts' },
    { format: ['esm'], dts: false, splitting: true },
  ),
);
