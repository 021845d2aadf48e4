import { integer } from '../params/parameter.js';
import { accessParameters, hugeRatioParameter } from '../patterns/access-parameters.js';
import { guestAccesses } from '../patterns/guest-access.js';
import { definePreset } from './define-preset.js';
import { harvestInterval, hugeBackingVm, warmUp } from './phases.js';

/**
 * An external write-tracker (KVMGT-like) adds and removes gfns while the VMM harvests the dirty
 * bitmap (spec §1.6, §3.5, §4.3, §5). Right after a harvest, dirty-logged SPTEs are W=0 but
 * MW=1 and other vCPUs may hold writable TLB entries until the harvest's flush; a write-track
 * add in that window must still flush, because it clears MW. Every write to a tracked gfn after
 * the add returned must trap to KVM.
 */
export const writeTrackDuringMigration = definePreset({
  name: 'write-track-during-migration',
  description: 'a KVMGT-like tracker write-tracks gfns while GET_DIRTY_LOG rounds run',
  formats: ['ept', 'ept-noad', 'legacy'],
  mmu: 'tdp',
  specSections: ['§1.6', '§3.5', '§4.3', '§5', '§9'],
  sizes: { vcpus: 2, gfns: 4, events: 600 },
  // The tracker (a KVMGT thread) runs often relative to the VMM's ioctl path, so it can land
  // between a harvest's unlock and its flush.
  rates: { vcpu: 2, vmm: 1, tracker: 6 },
  parameters: [
    ...accessParameters({ writeShare: 0.7 }),
    hugeRatioParameter(0),
    integer('rounds', 'GET_DIRTY_LOG harvests, each followed by a tracker add or remove', {
      default: 40,
      min: 1,
      max: 100_000,
    }),
  ],
  vm: (p) => hugeBackingVm(p.hugeRatio),
  *events(p, rng) {
    const next = guestAccesses(p, rng);
    const every = harvestInterval(p.events, p.rounds, 6);
    // At most one entry per gfn: memory is bounded by the guest, not the stream.
    const tracked = new Set<number>();
    let lastWritten = 0;
    yield* warmUp(next, p.vcpus);
    yield { type: 'enable_dirty_logging' };
    for (let i = 1; i <= p.events; i++) {
      if (i % every === 0) {
        yield { type: 'get_dirty_log' };
        // The tracker acts on a gfn the guest just wrote, while the harvest may still be
        // between its unlock and its flush.
        const gfn = lastWritten;
        if (tracked.delete(gfn)) {
          yield { type: 'write_track_remove', gfn };
        } else {
          tracked.add(gfn);
          yield { type: 'write_track_add', gfn };
        }
      } else {
        const access = next();
        if (access.access === 'write') lastWritten = access.gfn;
        yield access;
      }
    }
    yield { type: 'final_harvest' };
  },
});
