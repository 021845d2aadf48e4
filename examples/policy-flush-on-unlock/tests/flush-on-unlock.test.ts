import { builtInPolicies } from '@spte-lab/flush-policies';
import type { FlushPoint, LeafChange } from '@spte-lab/spte-core';
import { describe, expect, it } from 'vitest';
import policy from '../src/index.js';

const kernel = builtInPolicies['kvm-v6.13'];

function point(
  kind: FlushPoint['kind'],
  operation: FlushPoint['operation'],
  reaped = 0,
): FlushPoint {
  const summary = { reaped, leafChanges: reaped, zapped: 0, young: 0, kernelFlushFlag: false };
  return { kind, operation, vcpu: -1, summary };
}

describe('flush-on-unlock moves the dirty-log ioctls’ flush before the unlock', () => {
  it('GET_DIRTY_LOG that reaped pages flushes at its lock release, not at its return', () => {
    expect(kernel.onFlushPoint!(point('ioctl-return', 'get_dirty_log', 3))).not.toBeNull();
    expect(policy.onFlushPoint!(point('lock-release', 'get_dirty_log', 3))).toEqual({
      scope: { kind: 'all' },
      timing: 'now',
    });
    expect(policy.onFlushPoint!(point('ioctl-return', 'get_dirty_log', 3))).toBeNull();
  });

  it('an ioctl that reaped nothing flushes nowhere, as in v6.13', () => {
    for (const kind of ['lock-release', 'ioctl-return'] as const) {
      expect(policy.onFlushPoint!(point(kind, 'clear_dirty_log', 0))).toBeNull();
    }
  });

  it('every other decision is v6.13’s own', () => {
    const young = {
      ...point('lock-release', 'clear_flush_young'),
      summary: { ...point('lock-release', 'clear_flush_young').summary, young: 2 },
    };
    expect(policy.onFlushPoint!(young)).toEqual(kernel.onFlushPoint!(young) ?? null);
    const zap = { site: 'zap', permissionsReduced: true } as LeafChange;
    expect(policy.onLeafChange!(zap)).toEqual(kernel.onLeafChange!(zap));
    expect(policy.kernel).toBe('v6.13');
  });
});
