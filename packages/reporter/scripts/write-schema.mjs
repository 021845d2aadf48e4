#!/usr/bin/env node
// Writes schema/result.schema.json from the zod schema (run through the built package, since
// Node 20 cannot import TypeScript). `npm run schema` builds first; a test checks the file is
// current, so a schema change without regenerating fails CI.
import { writeFileSync } from 'node:fs';
import { resultJsonSchema } from '../dist/index.js';

const target = new URL('../schema/result.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(resultJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
