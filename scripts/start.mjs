#!/usr/bin/env node
// `npm start`: build the CLI and what it depends on (quietly, through Nx's cache), then run
// `spte-lab compare` with any extra arguments. Build output is shown only when the build fails.
import { spawnSync } from 'node:child_process';

const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
const build = spawnSync('npx', ['nx', 'run', '@spte-lab/cli:build', '--output-style=static'], {
  env,
  encoding: 'utf8',
});
if (build.status !== 0) {
  process.stderr.write(build.stdout ?? '');
  process.stderr.write(build.stderr ?? '');
  process.stderr.write('spte-lab: the build failed (output above)\n');
  process.exit(build.status ?? 1);
}
const run = spawnSync(
  process.execPath,
  ['packages/cli/dist/bin.js', 'compare', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
process.exit(run.status ?? 1);
