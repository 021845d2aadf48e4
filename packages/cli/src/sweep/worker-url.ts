/**
 * The worker threads' entry file, `dist/sweep-worker.js` (a tsup entry of its own), found
 * relative to the running module: in the build every entry sits in `dist/`, in the published
 * package too. Run from source (Vitest runs the TypeScript), this file is `src/sweep/*.ts` and
 * there is no JavaScript beside it, so the build's worker is used: Nx builds before it tests.
 */
export function sweepWorkerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts')
    ? new URL('../../dist/sweep-worker.js', here)
    : new URL('./sweep-worker.js', here);
}
