#!/usr/bin/env node
// Post-build step (run in a package's directory after tsup): makes the CommonJS declarations
// (dist/*.d.cts) safe for a CommonJS TypeScript consumer under `module node16`/`nodenext`.
// tsup copies `import { X } from 'pkg'` into the .d.cts as is; when `pkg` is ESM only (inversify
// 8 is), TypeScript reads that import in a CommonJS file as a `require` of an ES module and
// reports TS1479 — unless the consumer sets skipLibCheck. The declarations only use such names
// as types, so each such import becomes `import type … with { 'resolution-mode': 'import' }`
// (TypeScript ≥ 5.3), which tells TypeScript to resolve it as an ES import. At run time the CJS
// bundle's require() of an ES module works on the Node versions we support (>= 20.19).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const IMPORT = /^import (\{[^}]*\}) from '([^'.][^']*)';$/gm;

/** True when `specifier`, resolved from this package, is an ES module (.mjs, or .js in a "type": "module" package). */
function isEsmOnly(specifier, from) {
  let file;
  try {
    file = createRequire(from).resolve(specifier);
  } catch {
    return true; // no `require` path at all: ESM only
  }
  if (file.endsWith('.mjs')) return true;
  if (!file.endsWith('.js')) return false;
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')).type === 'module';
  }
  return false;
}

const pkg = resolve('package.json');
const dist = resolve('dist');
let changed = 0;
for (const name of readdirSync(dist).filter((f) => f.endsWith('.d.cts'))) {
  const file = join(dist, name);
  const text = readFileSync(file, 'utf8');
  const out = text.replace(IMPORT, (line, names, specifier) => {
    if (specifier.startsWith('node:') || !isEsmOnly(specifier, pkg)) return line;
    changed++;
    return `import type ${names} from '${specifier}' with { 'resolution-mode': 'import' };`;
  });
  if (out !== text) writeFileSync(file, out);
}
if (changed > 0) process.stdout.write(`cjs-declarations: ${changed} ES-only import(s) marked\n`);
