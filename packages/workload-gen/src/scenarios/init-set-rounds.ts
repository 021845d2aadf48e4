import type { WorkloadEvent } from '../events/workload-event.js';
import type { Rng } from '../rng/rng.js';

/** Gfns per KVM_CLEAR_DIRTY_LOG call: one 64-bit bitmap word (the kernel needs 64-alignment). */
const CHUNK = 64;

/**
 * The event stream both initially-set presets share (spec §10.1, issue 18): every vCPU writes
 * two hot gfns per 2M region before logging starts (leaving writable 2M TLB entries); logging
 * starts; then guest accesses to the hot gfns, and every tenth of the run one CLEAR_DIRTY_LOG
 * chunk around a hot gfn followed by what `round` yields for that gfn's 2M region (a
 * write-track add, a page table KVM shadows); then the final harvest.
 */
export function* initSetRounds(
  p: { readonly vcpus: number; readonly gfns: number; readonly events: number },
  rng: Rng,
  round: (sameRegion: readonly number[]) => Iterable<WorkloadEvent>,
): Generator<WorkloadEvent> {
  const regions = Math.max(1, Math.floor(p.gfns / 512));
  const hot = Array.from(
    { length: regions * 2 },
    (_, i) => Math.floor(i / 2) * 512 + rng.int(0, 511),
  );
  for (let v = 0; v < p.vcpus; v++) {
    for (const gfn of hot) yield { type: 'access', vcpu: v, gfn, access: 'write' };
  }
  yield { type: 'enable_dirty_logging' };
  const roundEvery = Math.max(12, Math.floor(p.events / 10));
  for (let i = 1; i <= p.events; i++) {
    if (i % roundEvery !== 0) {
      const gfn = hot[rng.int(0, hot.length - 1)]!;
      yield {
        type: 'access',
        vcpu: rng.int(0, p.vcpus - 1),
        gfn,
        access: rng.chance(0.7) ? 'write' : 'read',
      };
      continue;
    }
    const target = hot[rng.int(0, hot.length - 1)]!;
    yield { type: 'clear_dirty_log', first: target - (target % CHUNK), count: CHUNK };
    const region = target - (target % 512);
    yield* round(hot.filter((g) => g - (g % 512) === region));
  }
  yield { type: 'final_harvest' };
}
