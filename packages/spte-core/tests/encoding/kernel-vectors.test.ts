import { describe, expect, it } from 'vitest';
import { evaluateVector, parseVector, VECTOR_FUNCTIONS } from '../../src/index.js';
import { readKernelVectorLines } from './vector-file.js';

const lines = readKernelVectorLines();
const vectors = lines.map((line, i) => ({ line: i + 1, vector: parseVector(line) }));

describe('kernel vectors (shared/vectors/spte/kernel-vectors.jsonl)', () => {
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
