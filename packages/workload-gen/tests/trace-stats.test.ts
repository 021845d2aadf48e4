import { describe, expect, it } from 'vitest';
import { scenarioPresets, traceHeaderFor, traceStats, type WorkloadEvent } from '../src/index.js';

describe('traceStats', () => {
  it('counts events by type, the access mix, accesses per vCPU and the gfns touched', () => {
    const header = traceHeaderFor(scenarioPresets['migration-bitmap'], 1);
    const events: WorkloadEvent[] = [
      { type: 'access', vcpu: 0, gfn: 1, access: 'write' },
      { type: 'access', vcpu: 1, gfn: 1, access: 'read' },
      { type: 'access', vcpu: 1, gfn: 2, access: 'exec' },
      { type: 'get_dirty_log' },
      { type: 'access', vcpu: 1, gfn: 3, access: 'write' },
      { type: 'final_harvest' },
    ];
    expect(traceStats(header, events)).toEqual({
      events: 6,
      byType: { access: 4, final_harvest: 1, get_dirty_log: 1 },
      accesses: { read: 1, write: 2, exec: 1 },
      accessesPerVcpu: [1, 3],
      gfnsTouched: 3,
      gfnsWritten: 2,
    });
  });
});
