import type { WorkloadEvent } from '../events/workload-event.js';
import type { Rng } from '../rng/rng.js';
import { randomAccess, warmUp } from './access-pattern.js';
import type { ScenarioParams, ScenarioPreset } from './scenario-preset.js';

/**
 * Live migration with the dirty bitmap (spec §4.1–4.3, §4.7): vCPUs write while the VMM
 * enables dirty logging, harvests with KVM_GET_DIRTY_LOG in rounds, and finally pauses the
 * guest for a last harvest. Every write after a harvest must show up in a later harvest.
 */
export const migrationBitmap: ScenarioPreset = {
  name: 'migration-bitmap',
  description: 'vCPUs write while the VMM harvests the dirty bitmap with GET_DIRTY_LOG rounds',
  format: 'ept',
  mmu: 'tdp',
  specSections: ['§3.5', '§3.6', '§4.1', '§4.2', '§4.3', '§4.7'],
  vm: {},
  defaults: { vcpus: 2, gfns: 8, events: 400 },
  *events(params: ScenarioParams, rng: Rng): Generator<WorkloadEvent> {
    const harvestEvery = Math.max(8, Math.floor(params.events / 8));
    yield* warmUp(params, rng);
    yield { type: 'enable_dirty_logging' };
    for (let i = 1; i <= params.events; i++) {
      yield i % harvestEvery === 0 ? { type: 'get_dirty_log' } : randomAccess(params, rng);
    }
    yield { type: 'final_harvest' };
  },
};
