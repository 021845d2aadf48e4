#!/usr/bin/env node
// npm pack/publish hooks for every publishable package (run in the package's directory).
// `strip` (prepack): keeps package.json as package.json.dev and removes the workspace-only
// `@spte-lab/source` export condition, which names TypeScript sources that are not in the
// tarball. `restore` (postpack): puts the in-repo package.json back. npm applies no
// publishConfig to `exports`, hence a build step.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const SOURCE_CONDITION = '@spte-lab/source';
const BACKUP = 'package.json.dev';

function withoutSourceCondition(value) {
  if (Array.isArray(value) || value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key !== SOURCE_CONDITION) out[key] = withoutSourceCondition(inner);
  }
  return out;
}

const mode = process.argv[2];
if (mode === 'strip') {
  if (existsSync(BACKUP)) renameSync(BACKUP, 'package.json');
  const text = readFileSync('package.json', 'utf8');
  const manifest = JSON.parse(text);
  writeFileSync(BACKUP, text);
  manifest.exports = withoutSourceCondition(manifest.exports);
  delete manifest.nx;
  writeFileSync('package.json', `${JSON.stringify(manifest, null, 2)}\n`);
} else if (mode === 'restore') {
  if (existsSync(BACKUP)) renameSync(BACKUP, 'package.json');
} else {
  process.stderr.write('usage: pack-manifest.mjs strip|restore\n');
  process.exit(2);
}
