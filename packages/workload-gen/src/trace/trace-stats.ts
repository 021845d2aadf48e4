import type { WorkloadEvent } from '../events/workload-event.js';
import type { TraceHeader } from './trace-header.js';

/** What a trace holds, counted in one pass (memory: one byte per gfn, one counter per vCPU). */
export interface TraceStats {
  readonly events: number;
  /** Events per type, types in alphabetical order. */
  readonly byType: Readonly<Record<string, number>>;
  readonly accesses: { readonly read: number; readonly write: number; readonly exec: number };
  /** Guest accesses per vCPU. */
  readonly accessesPerVcpu: readonly number[];
  /** Gfns the guest accessed, and wrote, at least once. */
  readonly gfnsTouched: number;
  readonly gfnsWritten: number;
}

export function traceStats(header: TraceHeader, events: Iterable<WorkloadEvent>): TraceStats {
  const byType = new Map<string, number>();
  const accesses = { read: 0, write: 0, exec: 0 };
  const perVcpu = new Array<number>(header.params.vcpus).fill(0);
  const touched = new Uint8Array(header.params.gfns);
  let count = 0;
  for (const event of events) {
    count++;
    byType.set(event.type, (byType.get(event.type) ?? 0) + 1);
    if (event.type !== 'access') continue;
    accesses[event.access]++;
    perVcpu[event.vcpu]!++;
    touched[event.gfn]! |= event.access === 'write' ? 3 : 1;
  }
  let gfnsTouched = 0;
  let gfnsWritten = 0;
  for (const t of touched) {
    if (t) gfnsTouched++;
    if (t & 2) gfnsWritten++;
  }
  const sorted = [...byType.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  return {
    events: count,
    byType: Object.fromEntries(sorted),
    accesses,
    accessesPerVcpu: perVcpu,
    gfnsTouched,
    gfnsWritten,
  };
}
