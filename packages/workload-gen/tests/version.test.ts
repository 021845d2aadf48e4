import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { WORKLOAD_GEN_VERSION } from '../src/index.js';

it('trace headers carry the package’s own version', () => {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8'));
  expect(WORKLOAD_GEN_VERSION).toBe(pkg.version);
});
