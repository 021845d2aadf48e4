import type { WorkloadEvent } from '../events/workload-event.js';
import type { Rng } from '../rng/rng.js';
import { randomAccess, warmUp } from './access-pattern.js';
import type { ScenarioParams, ScenarioPreset } from './scenario-preset.js';

/**
 * An external write-tracker (KVMGT-like) adds and removes gfns while the VMM harvests the dirty
 * bitmap (spec §1.6, §3.5, §4.3, §5). Right after a harvest, dirty-logged SPTEs are W=0 but
 * MW=1 and other vCPUs may hold writable TLB entries until the harvest's flush; a write-track
 * add in that window must still flush, because it clears MW. Every write to a tracked gfn after
 * the add returned must trap to KVM.
 */
export const writeTrackDuringMigration: ScenarioPreset = {
  name: 'write-track-during-migration',
  description: 'a KVMGT-like tracker write-tracks gfns while GET_DIRTY_LOG rounds run',
  format: 'ept',
  mmu: 'tdp',
  specSections: ['§1.6', '§3.5', '§4.3', '§5', '§9'],
  vm: {},
  // The tracker (a KVMGT thread) runs often relative to the VMM's ioctl path, so it can land
  // between a harvest's unlock and its flush.
  rates: { vcpu: 2, vmm: 1, tracker: 6 },
  defaults: { vcpus: 2, gfns: 4, events: 600 },
  *events(params: ScenarioParams, rng: Rng): Generator<WorkloadEvent> {
    const harvestEvery = Math.max(6, Math.floor(params.events / 40));
    const tracked = new Set<number>();
    let lastWritten = 0;
    yield* warmUp(params, rng);
    yield { type: 'enable_dirty_logging' };
    for (let i = 1; i <= params.events; i++) {
      if (i % harvestEvery === 0) {
        yield { type: 'get_dirty_log' };
        // The tracker acts on a gfn the guest just wrote, while the harvest may still be
        // between its unlock and its flush.
        const gfn = lastWritten;
        if (tracked.has(gfn)) {
          tracked.delete(gfn);
          yield { type: 'write_track_remove', gfn };
        } else {
          tracked.add(gfn);
          yield { type: 'write_track_add', gfn };
        }
      } else {
        const access = randomAccess(params, rng, 0.7);
        if (access.access === 'write') lastWritten = access.gfn;
        yield access;
      }
    }
    yield { type: 'final_harvest' };
  },
};
