import { describe, expect, it } from 'vitest';
import { evaluateVector, parseVector, VectorError } from '../../src/index.js';

const LINE =
  '{"kernel":"v6.13","format":"ept","fn":"spte_write_protect","args":{"spte":"0x600000001234b77","pt_protect":true},"out":{"spte":"0x200000001234b75","flush":true,"changed":true}}';

describe('vector lines', () => {
  it('evaluates a line through the public API', () => {
    expect(evaluateVector(parseVector(LINE))).toEqual({
      pass: true,
      actual: { spte: '0x200000001234b75', flush: true, changed: true },
    });
  });

  it('detects a wrong expectation', () => {
    const outcome = evaluateVector(parseVector(LINE.replace('"changed":true', '"changed":false')));
    expect(outcome.pass).toBe(false);
  });

  it('compares hex by value, not by spelling', () => {
    const line = LINE.replace('"0x200000001234b75"', '"0x0200000001234B75"');
    expect(evaluateVector(parseVector(line)).pass).toBe(true);
  });

  it('uses the line kernel', () => {
    // v6.12 flushes when a dirty-log write-protect clears W on an MMU-writable SPTE; v6.13 does not.
    const wp = (kernel: string) =>
      evaluateVector(
        parseVector(
          `{"kernel":"${kernel}","format":"ept","fn":"spte_write_protect","args":{"spte":"0x600000001234b77","pt_protect":false},"out":null}`,
        ),
      ).actual;
    expect(wp('v6.12')).toMatchObject({ flush: true });
    expect(wp('v6.13')).toMatchObject({ flush: false });
  });

  it.each([
    ['', 'empty line'],
    ['{"kernel":', 'not JSON'],
    ['[1]', 'not a JSON object'],
    [
      '{"kernel":"v6.11","format":"ept","fn":"is_large_pte","args":{},"out":1}',
      'unknown kernel "v6.11"',
    ],
    [
      '{"kernel":"v6.13","format":"npt","fn":"is_large_pte","args":{},"out":1}',
      'unknown format "npt"',
    ],
    [
      '{"kernel":"v6.13","format":"ept","fn":"is_huge","args":{},"out":1}',
      'unknown function "is_huge"',
    ],
    [
      '{"kernel":"v6.13","format":"ept","fn":"is_large_pte","args":[],"out":1}',
      '"args" is not an object',
    ],
    ['{"kernel":"v6.13","format":"ept","fn":"is_large_pte","args":{}}', 'no "out"'],
  ])('rejects %j', (line, message) => {
    expect(() => parseVector(line)).toThrow(VectorError);
    expect(() => parseVector(line)).toThrow(message);
  });

  it.each([
    ['{"spte":"0x80"}', 'argument "level" must be an integer'],
    ['{"spte":"80","level":1}', 'argument "spte" must be a hex string'],
    ['{"spte":"0x10000000000000000","level":1}', 'argument "spte" must be at most 64 bits'],
  ])('rejects bad arguments %s', (args, message) => {
    const v = parseVector(
      `{"kernel":"v6.13","format":"ept","fn":"is_last_spte","args":${args},"out":true}`,
    );
    expect(() => evaluateVector(v)).toThrow(message);
  });
});
