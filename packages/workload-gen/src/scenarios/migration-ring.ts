import type { WorkloadEvent } from '../events/workload-event.js';
import type { Rng } from '../rng/rng.js';
import { randomAccess, warmUp } from './access-pattern.js';
import type { ScenarioParams, ScenarioPreset } from './scenario-preset.js';

/**
 * Live migration with the dirty ring (spec §4.5): each vCPU pushes the gfns it makes writable
 * onto its own ring and exits with KVM_EXIT_DIRTY_RING_FULL at the soft limit; the VMM harvests
 * every ring and calls KVM_RESET_DIRTY_RINGS, which re-protects ring by ring and flushes once
 * after all rings. Small rings make soft-full exits frequent.
 */
export const migrationRing: ScenarioPreset = {
  name: 'migration-ring',
  description: 'dirty-ring migration: per-vCPU rings, soft-full exits, RESET_DIRTY_RINGS',
  format: 'ept',
  mmu: 'tdp',
  specSections: ['§4.1', '§4.2', '§4.5', '§4.7'],
  vm: { dirtyRing: { size: 16, softLimit: 12 } },
  defaults: { vcpus: 2, gfns: 16, events: 600 },
  *events(params: ScenarioParams, rng: Rng): Generator<WorkloadEvent> {
    const harvestEvery = Math.max(8, Math.floor(params.events / 10));
    yield* warmUp(params, rng);
    yield { type: 'enable_dirty_logging' };
    for (let i = 1; i <= params.events; i++) {
      yield i % harvestEvery === 0 ? { type: 'harvest_dirty_rings' } : randomAccess(params, rng);
    }
    yield { type: 'final_harvest' };
  },
};
