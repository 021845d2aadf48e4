import { describe, expect, it } from 'vitest';
import { createSimulator } from '../src/index.js';

const sim = createSimulator();

describe('check: progress callback', () => {
  it('is told after every level, with states and depth that only grow and end at the report', () => {
    const calls: [number, number][] = [];
    const report = sim.check(
      { policy: 'kvm-v6.13' },
      { onProgress: (states, depth) => calls.push([states, depth]) },
    );
    expect(report.verdict).toBe('safe');
    // At least one call per level completed.
    expect(calls.length).toBeGreaterThanOrEqual(report.depthReached);
    for (let i = 1; i < calls.length; i++) {
      expect(calls[i]![0]).toBeGreaterThanOrEqual(calls[i - 1]![0]);
      expect(calls[i]![1]).toBeGreaterThanOrEqual(calls[i - 1]![1]);
    }
    expect(calls.at(-1)).toEqual([report.statesExplored, report.depthReached]);
  });

  it('gives the same report with or without it', () => {
    const plain = sim.check({ policy: 'never' });
    const told = sim.check({ policy: 'never' }, { onProgress: () => undefined });
    expect({ ...told, seconds: 0, statesPerSecond: 0 }).toEqual({
      ...plain,
      seconds: 0,
      statesPerSecond: 0,
    });
  });
});
