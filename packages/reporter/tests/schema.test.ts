import { describe, expect, it } from 'vitest';
import {
  readResultDocument,
  ResultDocumentError,
  validateResultDocument,
  issuePath,
} from '../src/index.js';
import { makeDocument } from './fixture.js';

function errorOf(fn: () => unknown): ResultDocumentError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ResultDocumentError) return error;
    throw error;
  }
  throw new Error('expected a ResultDocumentError');
}

// A JSON copy of the fixture, changed the way a hand-edited or corrupted file would be.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const mutate = (change: (doc: Json) => void): string => {
  const doc = JSON.parse(JSON.stringify(makeDocument()));
  change(doc);
  return JSON.stringify(doc);
};

describe('result document schema', () => {
  it('reads back a written document as an equal document', () => {
    const doc = makeDocument();
    expect(readResultDocument(JSON.stringify(doc), 'doc.json')).toEqual(doc);
  });

  it('names the source and the field path of a wrong value, on one line', () => {
    const error = errorOf(() =>
      readResultDocument(
        mutate((d) => (d.runs[3].stats.ipis = 'many')),
        'r.json',
      ),
    );
    expect(error.message).toBe(
      'r.json: not a valid spte-lab result: runs[3].stats.ipis: Invalid input: expected number, received string',
    );
    expect(error.message).not.toContain('\n');
  });

  it('rejects text that is not JSON, saying so', () => {
    expect(() => readResultDocument('{"runs": [', 'cut.json')).toThrow(
      /^cut\.json: not valid JSON \(/,
    );
  });

  it('rejects another schemaVersion with a version message, not a field list', () => {
    expect(() =>
      readResultDocument(
        mutate((d) => (d.schemaVersion = 4)),
        'new.json',
      ),
    ).toThrow('new.json: schemaVersion is 4, this spte-lab reads schemaVersion 1, 2 or 3');
  });

  it('reads a schemaVersion 1 document (no per-site flushes) as the current version', () => {
    const v1 = JSON.parse(
      mutate((d) => {
        d.schemaVersion = 1;
        for (const r of d.runs) {
          delete r.flushesBySite;
          delete r.rangeFlushesBySite;
        }
      }),
    );
    const doc = validateResultDocument(v1, 'old.json');
    expect(doc.schemaVersion).toBe(3);
    expect(doc.runs[0]!.flushesBySite).toBeUndefined();
    expect(doc.runs).toHaveLength(v1.runs.length);
  });

  it('rejects per-site flushes that do not add up to the stat they break down', () => {
    expect(() =>
      readResultDocument(
        mutate((d) => (d.runs[0].flushesBySite.mmu_set_spte += 1)),
        'x',
      ),
    ).toThrow(/runs\[0\]\.flushesBySite: sums to \d+, but stats\.remote_tlb_flush_requests is \d+/);
  });

  it('rejects unknown fields (a reader must not silently ignore a newer format)', () => {
    expect(() =>
      readResultDocument(
        mutate((d) => (d.runs[0].violations = [{ ...d.runs[4].violations[0], pfn: 1 }])),
        'x',
      ),
    ).toThrow(/runs\[0\]\.violations\[0\]: Unrecognized key: "pfn"/);
  });

  it('rejects a violation kind, negative count or trace step without an actor', () => {
    expect(() =>
      readResultDocument(
        mutate((d) => (d.runs[4].violations[0].kind = 'lost')),
        'x',
      ),
    ).toThrow(/runs\[4\]\.violations\[0\]\.kind/);
    expect(() =>
      readResultDocument(
        mutate((d) => (d.runs[0].stats.cycles = -1)),
        'x',
      ),
    ).toThrow(/runs\[0\]\.stats\.cycles/);
    expect(() =>
      readResultDocument(
        mutate((d) => delete d.runs[4].violations[0].trace[1].actor),
        'x',
      ),
    ).toThrow(/runs\[4\]\.violations\[0\]\.trace\[1\]\.actor/);
  });

  it('checks that runs name compared policies, scenarios and seeds, each once', () => {
    expect(() =>
      readResultDocument(
        mutate((d) => (d.runs[0].policy = 'ghost')),
        'x',
      ),
    ).toThrow("runs[0].policy: 'ghost' is not in parameters.policies");
    expect(() =>
      readResultDocument(
        mutate((d) => (d.runs[0].seed = 9)),
        'x',
      ),
    ).toThrow('runs[0].seed: 9 is not in seeds');
    expect(() =>
      readResultDocument(
        mutate((d) => d.runs.push(d.runs[0])),
        'x',
      ),
    ).toThrow(/runs\[12\]: a second run of the same policy, scenario and seed/);
  });

  it('lists at most three problems and counts the rest', () => {
    const error = errorOf(() => validateResultDocument({ schemaVersion: 3 }, 'empty'));
    expect(error.message).toMatch(
      /^empty: not a valid spte-lab result: tool: .*; command: .*; seeds: .*; and 3 more$/,
    );
  });

  it('validates a document in memory the same way (before it is written)', () => {
    const doc = { ...makeDocument(), seeds: [] };
    expect(() => validateResultDocument(doc, 'the document')).toThrow(
      /^the document: .*seeds: Too small/,
    );
  });

  it('writes paths as a reader would type them', () => {
    expect(issuePath(['runs', 0, 'stats', 'ipis'])).toBe('runs[0].stats.ipis');
    expect(issuePath(['costModel', 'odd key'])).toBe('costModel["odd key"]');
    expect(issuePath([])).toBe('(top level)');
  });
});
