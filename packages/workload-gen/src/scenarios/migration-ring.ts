import { integer } from '../params/parameter.js';
import { accessParameters, hugeRatioParameter } from '../patterns/access-parameters.js';
import { guestAccesses } from '../patterns/guest-access.js';
import { definePreset } from './define-preset.js';
import { harvestInterval, hugeBackingVm, warmUp } from './phases.js';

/**
 * Live migration with the dirty ring (spec §4.5): each vCPU pushes the gfns it makes writable
 * onto its own ring and exits with KVM_EXIT_DIRTY_RING_FULL at the soft limit; the VMM harvests
 * every ring and calls KVM_RESET_DIRTY_RINGS, which re-protects ring by ring and flushes once
 * after all rings. Small rings make soft-full exits frequent.
 */
export const migrationRing = definePreset({
  name: 'migration-ring',
  description: 'dirty-ring migration: per-vCPU rings, soft-full exits, RESET_DIRTY_RINGS',
  formats: ['ept', 'ept-noad', 'legacy'],
  mmu: 'tdp',
  specSections: ['§4.1', '§4.2', '§4.5', '§4.7'],
  sizes: { vcpus: 2, gfns: 16, events: 600 },
  parameters: [
    ...accessParameters({ writeShare: 0.6 }),
    hugeRatioParameter(0),
    integer(
      'rounds',
      'VMM harvests (read every ring, RESET_DIRTY_RINGS), at least 8 events apart',
      {
        default: 10,
        min: 1,
        max: 100_000,
      },
    ),
    integer('ringSize', 'entries per vCPU ring', { default: 16, min: 2, max: 65_536 }),
    integer('ringSlack', 'entries between the soft-full limit and a full ring', {
      default: 4,
      min: 1,
      max: 65_535,
    }),
  ],
  check: (p) =>
    p.ringSlack < p.ringSize
      ? undefined
      : `ringSlack must be less than ringSize; got ${p.ringSlack} ≥ ${p.ringSize}`,
  vm: (p) => ({
    ...hugeBackingVm(p.hugeRatio),
    dirtyRing: { size: p.ringSize, softLimit: p.ringSize - p.ringSlack },
  }),
  *events(p, rng) {
    const next = guestAccesses(p, rng);
    const every = harvestInterval(p.events, p.rounds, 8);
    yield* warmUp(next, p.vcpus);
    yield { type: 'enable_dirty_logging' };
    for (let i = 1; i <= p.events; i++)
      yield i % every === 0 ? { type: 'harvest_dirty_rings' } : next();
    yield { type: 'final_harvest' };
  },
});
