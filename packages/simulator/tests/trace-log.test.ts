import { bindSpteOps } from '@spte-lab/spte-core';
import { describe, expect, it } from 'vitest';
import { SpteTraceDetails } from '../src/trace/spte-trace-details.js';
import { TraceLog } from '../src/trace/trace-log.js';

// The trace is recorded as numbers and formatted when read (issue 10): these pin the text.
const ops = bindSpteOps('ept', 'v6.13');

describe('TraceLog', () => {
  it('formats an SPTE change only when read, with the span of its level', () => {
    const trace = new TraceLog(new SpteTraceDetails(ops), 8);
    const np = [ops.nonPresentLo, ops.nonPresentHi] as const;
    trace.recordSpte(5, 0, 'fault', 2, 700, np[0], np[1], np[0], np[1]);
    trace.record(6, -1, 'KVM_GET_DIRTY_LOG', 'return', -1);
    trace.recordFlush(7, -1, 'KVM_GET_DIRTY_LOG', 'all', 3, 2);
    // gfn 700 lies in the 2M region 512..1023, which the level-2 change covers.
    expect(trace.forGfn(1000)).toEqual([
      {
        step: 5,
        actor: 'vcpu0',
        operation: 'fault',
        detail: expect.stringMatching(/^SPTE L2 .* → .* \(not present → not present\)$/),
      },
      { step: 6, actor: 'vmm', operation: 'KVM_GET_DIRTY_LOG', detail: 'return' },
      {
        step: 7,
        actor: 'vmm',
        operation: 'KVM_GET_DIRTY_LOG',
        detail: 'remote TLB flush (all): 3 IPIs, 2 vCPUs',
      },
    ]);
    // gfn 1024 is outside the 2M region: only the VM-wide steps.
    expect(trace.forGfn(1024).map((s) => s.step)).toEqual([6, 7]);
    expect(trace.forGfn(1000, 6).map((s) => s.step)).toEqual([5, 6]);
    expect(trace.all().map((s) => s.gfn)).toEqual([512, -1, -1]);
  });

  it('keeps the last `capacity` steps, oldest first', () => {
    const trace = new TraceLog(new SpteTraceDetails(ops), 4);
    for (let step = 1; step <= 10; step++) trace.record(step, 1, 'op', `d${step}`, 3);
    expect(trace.all().map((s) => s.detail)).toEqual(['d7', 'd8', 'd9', 'd10']);
    expect(trace.forGfn(3, Number.POSITIVE_INFINITY, 2).map((s) => s.step)).toEqual([9, 10]);
  });

  it('grows from a small ring to its capacity without losing or reordering steps', () => {
    const trace = new TraceLog(new SpteTraceDetails(ops), 1000);
    for (let step = 1; step <= 2500; step++) trace.record(step, 0, 'op', `d${step}`, step % 7);
    const all = trace.all();
    expect(all).toHaveLength(1000);
    expect(all[0]!.step).toBe(1501);
    expect(all.at(-1)!.step).toBe(2500);
    expect(all.every((s, k) => s.step === 1501 + k && s.detail === `d${s.step}`)).toBe(true);
    expect(trace.forGfn(3, 2000, 3).map((s) => s.step)).toEqual([1984, 1991, 1998]);
  });

  it('records nothing while disabled', () => {
    const trace = new TraceLog(new SpteTraceDetails(ops), 4);
    trace.enabled = false;
    trace.record(1, 0, 'op', 'd', 0);
    trace.recordFlush(2, -1, 'op', 'all', 1, 1);
    trace.recordSpte(3, 0, 'fault', 1, 0, 0, 0, 0, 0);
    expect(trace.all()).toEqual([]);
  });
});
