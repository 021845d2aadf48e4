import type { WorkloadEvent } from '../events/workload-event.js';
import type { Rng } from '../rng/rng.js';
import { randomAccess, warmUp } from './access-pattern.js';
import type { ScenarioParams, ScenarioPreset } from './scenario-preset.js';

/** Gfns per KVM_CLEAR_DIRTY_LOG call (QEMU clears in chunks; the kernel needs 64-alignment). */
const CHUNK = 64;

/**
 * Live migration with manual protect (spec §4.4): logging starts without write-protection
 * work left for later; each round the VMM clears the log chunk by chunk with
 * KVM_CLEAR_DIRTY_LOG, which re-protects exactly the gfns whose bits it cleared and flushes
 * iff any were, and copies those pages; a final pause-and-clear ends it.
 */
export const migrationClearLog: ScenarioPreset = {
  name: 'migration-clear-log',
  description: 'manual-protect migration: CLEAR_DIRTY_LOG in 64-gfn chunks re-protects and flushes',
  format: 'ept',
  mmu: 'tdp',
  specSections: ['§3.6', '§4.1', '§4.2', '§4.4', '§4.7'],
  vm: { manualProtect: true },
  defaults: { vcpus: 2, gfns: 128, events: 600 },
  *events(params: ScenarioParams, rng: Rng): Generator<WorkloadEvent> {
    const roundEvery = Math.max(16, Math.floor(params.events / 6));
    yield* warmUp(params, rng);
    yield { type: 'enable_dirty_logging' };
    for (let i = 1; i <= params.events; i++) {
      if (i % roundEvery === 0) {
        for (let first = 0; first < params.gfns; first += CHUNK) {
          yield { type: 'clear_dirty_log', first, count: Math.min(CHUNK, params.gfns - first) };
        }
      } else {
        yield randomAccess(params, rng);
      }
    }
    yield { type: 'final_harvest' };
  },
};
