#!/usr/bin/env node
// Writes schema/result.schema.json from the zod schema (run through the built package, since
// Node 20 cannot import TypeScript). `npm run schema` builds first; a test checks the file is
// current, so a schema change without regenerating fails CI. Formatted with the workspace's
// Prettier settings, so `npm run format:check` agrees with the generated file.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import { resultJsonSchema } from '../dist/index.js';

const target = fileURLToPath(new URL('../schema/result.schema.json', import.meta.url));
const options = (await prettier.resolveConfig(target)) ?? {};
const text = await prettier.format(JSON.stringify(resultJsonSchema()), {
  ...options,
  filepath: target,
});
writeFileSync(target, text);
console.log(`wrote ${target}`);
