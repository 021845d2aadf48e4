#!/usr/bin/env node
// The `spte-lab` executable. A committed file (not dist/bin.js itself), so that `npm ci` in the
// repository links `npx spte-lab` before anything is built; it runs the build's entry.
try {
  await import('../dist/bin.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/bin.js')) {
    process.stderr.write('spte-lab: not built yet; run `npm run build` first\n');
    process.exitCode = 2;
  } else {
    throw error;
  }
}
