import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * 2 policies × 2 scenarios × 2 grid points × 2 seeds = 16 short runs (small guests, 150
 * events): big enough to interleave on two workers, quick enough for a test.
 */
export const GRID = [
  '--policies',
  'kvm-v6.13,never',
  '--scenarios',
  'migration-bitmap,host-reclaim',
  '--grid',
  'gfns=4,8',
  '--grid',
  'events=150',
  '--seeds',
  '1..2',
];

/**
 * Worker threads run the built worker (dist/sweep-worker.js): Nx builds before it tests. Run
 * alone without a build, the tests that start threads are skipped with a printed reason —
 * unless CI is set, where they fail.
 */
const WORKER = fileURLToPath(new URL('../dist/sweep-worker.js', import.meta.url));
export const workerBuilt = existsSync(WORKER) || process.env.CI !== undefined;
if (!workerBuilt)
  console.warn(`SKIPPED worker-thread tests: ${WORKER} is not built (npx nx build cli)`);
