import type { LeafChange } from '@spte-lab/spte-core';
import { describe, expect, it } from 'vitest';
import {
  createHeartbeatBuffer,
  HeartbeatWriter,
  readHeartbeat,
} from '../src/containment/heartbeat.js';
import { flushPointView, leafChangeView } from '../src/containment/input-views.js';

describe('heartbeat', () => {
  it('the parent reads the hook under way, the policy and the calls entered', () => {
    const buffer = createHeartbeatBuffer();
    const writer = new HeartbeatWriter(buffer);
    expect(readHeartbeat(buffer)).toEqual({ hook: undefined, calls: 0, policy: '' });
    const name = new TextEncoder().encode('my-policy');
    writer.enter(name, 1);
    expect(readHeartbeat(buffer)).toEqual({ hook: 'onFlushPoint', calls: 1, policy: 'my-policy' });
    writer.leave();
    writer.enter(name, 0);
    expect(readHeartbeat(buffer)).toEqual({ hook: 'onLeafChange', calls: 2, policy: 'my-policy' });
  });
});

describe('input views', () => {
  const record = (gfn: number) =>
    ({
      gfn,
      level: 1,
      ops: { secret: true },
      kernelRuleSaysFlush: (k: string) => k === 'v6.13',
    }) as unknown as LeafChange;

  it('show the current input’s port fields only, frozen; writes throw naming the field', () => {
    const { view, show } = leafChangeView();
    show(record(5));
    expect(view.gfn).toBe(5);
    expect(view.kernelRuleSaysFlush('v6.13')).toBe(true);
    expect('ops' in view).toBe(false);
    expect(Object.isFrozen(view)).toBe(true);
    expect(() => ((view as { gfn: number }).gfn = 1)).toThrow(
      "onLeafChange(change) is read-only: the policy tried to set 'gfn'",
    );
    expect(() => ((view as unknown as { ops: number }).ops = 1)).toThrow(TypeError);
    show(record(9));
    expect(view.gfn).toBe(9);
  });

  it('a flush point’s summary is a read-only view too', () => {
    const { view, show } = flushPointView();
    show({
      kind: 'lock-release',
      operation: 'get_dirty_log',
      vcpu: -1,
      summary: { zapped: 2 },
    } as never);
    expect(view.summary.zapped).toBe(2);
    expect(Object.isFrozen(view.summary)).toBe(true);
    expect(() => ((view.summary as { zapped: number }).zapped = 0)).toThrow(/read-only/);
  });
});
