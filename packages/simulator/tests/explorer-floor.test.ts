import { builtInPolicies } from '@spte-lab/flush-policies';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHECK, explore, explorerFloor, simulatedTlbFactory } from '../src/index.js';

/** The explorer's counts and floor, as tools/bench's explorer row uses them (issue 20). */
describe('explorer floor', () => {
  const tlbFactory = simulatedTlbFactory();
  const config = { ...DEFAULT_CHECK, policy: builtInPolicies['kvm-v6.13'] };

  it('queues each new non-terminal state once: fewer than the states, more than none', () => {
    const outcome = explore(config, tlbFactory);
    expect(outcome.statesQueued).toBeGreaterThan(0);
    // Every queued state is expanded, plus the initial one and the terminal ones.
    expect(outcome.statesQueued).toBeLessThan(outcome.statesExplored);
    expect(outcome.transitions).toBeGreaterThan(outcome.statesQueued);
  });

  it('does the same work for the same counts (a deterministic checksum)', () => {
    const a = explorerFloor(config, tlbFactory, 100, 40);
    expect(explorerFloor(config, tlbFactory, 100, 40)).toBe(a);
    expect(explorerFloor(config, tlbFactory, 101, 40)).not.toBe(a);
  });
});
