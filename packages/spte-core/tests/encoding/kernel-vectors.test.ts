import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateVector, parseVector, VECTOR_FUNCTIONS } from '../../src/index.js';
import {
  KERNEL_VECTORS,
  kernelVectorFiles,
  readVectorLines,
  SHARED_VECTOR_DIR,
} from './vector-file.js';

// The vendored file always; any *.jsonl in ../shared/vectors/spte too when it is present.
describe.each(kernelVectorFiles())('kernel vectors (%s)', (file) => {
  const lines = readVectorLines(file);
  const vectors = lines.map((line, i) => ({ line: i + 1, vector: parseVector(line) }));

  it('is not empty and every line parses', () => {
    expect(vectors.length).toBeGreaterThan(0);
    expect(vectors.length).toBe(lines.length);
  });

  it('covers every function the evaluator knows', () => {
    expect(new Set(vectors.map((v) => v.vector.fn))).toEqual(new Set(VECTOR_FUNCTIONS));
  });

  describe.each(VECTOR_FUNCTIONS)('%s', (fn) => {
    it('matches the kernel on every line', () => {
      const mine = vectors.filter((v) => v.vector.fn === fn);
      const mismatches = mine
        .map(({ line, vector }) => ({ line, vector, actual: evaluateVector(vector) }))
        .filter((r) => !r.actual.pass)
        .map((r) => ({ line: r.line, ...r.vector, actual: r.actual.actual }));
      expect(mismatches).toEqual([]);
    });
  });
});

describe('the vendored vector file', () => {
  it.runIf(existsSync(join(SHARED_VECTOR_DIR, 'kernel-vectors.jsonl')))(
    'is the same as shared/vectors/spte/kernel-vectors.jsonl when shared/ is present',
    () => {
      const shared = readFileSync(join(SHARED_VECTOR_DIR, 'kernel-vectors.jsonl'), 'utf8');
      expect(readFileSync(KERNEL_VECTORS, 'utf8')).toBe(shared);
    },
  );
});
