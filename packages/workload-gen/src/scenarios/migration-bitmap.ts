import { integer } from '../params/parameter.js';
import { accessParameters, hugeRatioParameter } from '../patterns/access-parameters.js';
import { guestAccesses } from '../patterns/guest-access.js';
import { definePreset } from './define-preset.js';
import { harvestInterval, hugeBackingVm, warmUp } from './phases.js';

/**
 * Live migration with the dirty bitmap (spec §4.1–4.3, §4.7): vCPUs write (some before logging
 * starts, leaving writable TLB entries behind) while the VMM enables dirty logging, harvests
 * with KVM_GET_DIRTY_LOG in rounds (each re-protects the reaped gfns, W→0 with MW kept, and
 * flushes iff it reaped any), and finally pauses the guest for a last harvest. Every write
 * after a harvest must show up in a later harvest.
 */
export const migrationBitmap = definePreset({
  name: 'migration-bitmap',
  description: 'vCPUs write while the VMM harvests the dirty bitmap with GET_DIRTY_LOG rounds',
  formats: ['ept', 'ept-noad', 'legacy'],
  mmu: 'tdp',
  specSections: ['§3.5', '§3.6', '§4.1', '§4.2', '§4.3', '§4.7'],
  sizes: { vcpus: 2, gfns: 8, events: 400 },
  parameters: [
    ...accessParameters({ writeShare: 0.6 }),
    hugeRatioParameter(0),
    integer('rounds', 'GET_DIRTY_LOG harvests over the main phase (at least 8 events apart)', {
      default: 8,
      min: 1,
      max: 100_000,
    }),
  ],
  vm: (p) => hugeBackingVm(p.hugeRatio),
  *events(p, rng) {
    const next = guestAccesses(p, rng);
    const every = harvestInterval(p.events, p.rounds, 8);
    yield* warmUp(next, p.vcpus);
    yield { type: 'enable_dirty_logging' };
    for (let i = 1; i <= p.events; i++) yield i % every === 0 ? { type: 'get_dirty_log' } : next();
    yield { type: 'final_harvest' };
  },
});
