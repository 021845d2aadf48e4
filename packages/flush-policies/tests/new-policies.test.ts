import {
  FLUSH_ALL_BEFORE_UNLOCK,
  FLUSH_ALL_NOW,
  type LeafChange,
  PolicyAdapter,
} from '@spte-lab/spte-core';
import { describe, expect, it } from 'vitest';
import { builtInPolicies, FLUSH_ALL_AT_NEXT_ENTRY, flushLeafRange } from '../src/index.js';

const reduced = { gfn: 1029, level: 1, permissionsReduced: true } as LeafChange;
const granted = { gfn: 1029, level: 1, permissionsReduced: false } as LeafChange;

describe('conservative, batched, lazy-entry and ranged: one trigger, one axis each', () => {
  const { conservative, batched, ranged } = builtInPolicies;
  const lazy = builtInPolicies['lazy-entry'];

  it('all four ask for a flush exactly when a leaf change takes something away', () => {
    for (const policy of [conservative, batched, lazy, ranged]) {
      expect(policy.onLeafChange!(granted), policy.name).toBeNull();
      expect(policy.onLeafChange!(reduced), policy.name).not.toBeNull();
      expect(policy.onFlushPoint, policy.name).toBeUndefined();
    }
  });

  it('conservative flushes every TLB now; batched before unlock; lazy-entry at the next entry', () => {
    expect(conservative.onLeafChange!(reduced)).toBe(FLUSH_ALL_NOW);
    expect(batched.onLeafChange!(reduced)).toBe(FLUSH_ALL_BEFORE_UNLOCK);
    expect(lazy.onLeafChange!(reduced)).toBe(FLUSH_ALL_AT_NEXT_ENTRY);
  });

  it('ranged flushes now, over the changed leaf only', () => {
    expect(ranged.onLeafChange!(reduced)).toEqual({
      scope: { kind: 'range', gfn: 1029, count: 1 },
      timing: 'now',
    });
    expect(new PolicyAdapter(ranged).onLeafChange(reduced)).not.toBeNull();
  });

  it('a huge leaf’s range is its whole aligned region (a TLB may cache it as one entry)', () => {
    expect(flushLeafRange(1029, 2, 'now').scope).toEqual({ kind: 'range', gfn: 1024, count: 512 });
    expect(flushLeafRange(262_145, 3, 'now').scope).toEqual({
      kind: 'range',
      gfn: 262_144,
      count: 262_144,
    });
  });
});
