import { describe, expect, it } from 'vitest';
import { shellQuote } from '../src/command-line.js';
import { seedList } from '../src/commands/options.js';

describe('--seeds syntax', () => {
  it('reads lists, ranges and both, keeping the order given', () => {
    expect(seedList('7')).toEqual([7]);
    expect(seedList('1..4')).toEqual([1, 2, 3, 4]);
    expect(seedList('9, 1..3,20')).toEqual([9, 1, 2, 3, 20]);
    expect(seedList('5..5')).toEqual([5]);
  });

  it('rejects empties, reversed ranges, repeats and junk', () => {
    for (const bad of ['', '1,', '4..2', '1..3,2', '-1', '1.5', 'a..b', '1...3'])
      expect(() => seedList(bad), bad).toThrow();
  });
});

describe('the recorded command line', () => {
  it('quotes only what a shell would split or expand', () => {
    expect(shellQuote('--policies')).toBe('--policies');
    expect(shellQuote('kvm-v6.13,never')).toBe('kvm-v6.13,never');
    expect(shellQuote('my report.html')).toBe("'my report.html'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('$HOME')).toBe("'$HOME'");
  });
});
