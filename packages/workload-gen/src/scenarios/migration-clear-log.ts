import { flag, integer } from '../params/parameter.js';
import { accessParameters, hugeRatioParameter } from '../patterns/access-parameters.js';
import { guestAccesses } from '../patterns/guest-access.js';
import { definePreset } from './define-preset.js';
import { harvestInterval, hugeBackingVm, warmUp } from './phases.js';

/**
 * Live migration with manual protect (spec §4.4): GET_DIRTY_LOG only copies the bitmap; each
 * round the VMM clears the log chunk by chunk with KVM_CLEAR_DIRTY_LOG, which re-protects
 * exactly the gfns whose bits it cleared and flushes iff any were; a final pause-and-clear ends
 * it. With `initiallySet` (KVM_DIRTY_LOG_INITIALLY_SET) enabling logging protects nothing and
 * flushes nothing: every bit starts set and protection happens lazily, chunk by chunk (and on
 * huge pages by write-protecting the covering 2M SPTEs, spec §3.6).
 */
export const migrationClearLog = definePreset({
  name: 'migration-clear-log',
  description:
    'manual-protect migration: CLEAR_DIRTY_LOG in 64-aligned chunks re-protects and flushes',
  formats: ['ept', 'ept-noad', 'legacy'],
  mmu: 'tdp',
  specSections: ['§3.6', '§4.1', '§4.2', '§4.4', '§4.7'],
  sizes: { vcpus: 2, gfns: 128, events: 600 },
  parameters: [
    ...accessParameters({ writeShare: 0.6 }),
    hugeRatioParameter(0),
    integer('rounds', 'clear rounds over the main phase (at least 16 events apart)', {
      default: 6,
      min: 1,
      max: 100_000,
    }),
    integer('chunk', 'gfns per KVM_CLEAR_DIRTY_LOG call (the kernel needs 64-alignment)', {
      default: 64,
      min: 64,
      max: 1 << 20,
      multipleOf: 64,
    }),
    flag(
      'initiallySet',
      'KVM_DIRTY_LOG_INITIALLY_SET: all bits start set, protection is lazy',
      false,
    ),
  ],
  vm: (p) => ({ ...hugeBackingVm(p.hugeRatio), manualProtect: true, initiallySet: p.initiallySet }),
  *events(p, rng) {
    const next = guestAccesses(p, rng);
    const every = harvestInterval(p.events, p.rounds, 16);
    yield* warmUp(next, p.vcpus);
    yield { type: 'enable_dirty_logging' };
    for (let i = 1; i <= p.events; i++) {
      if (i % every !== 0) {
        yield next();
        continue;
      }
      for (let first = 0; first < p.gfns; first += p.chunk)
        yield { type: 'clear_dirty_log', first, count: Math.min(p.chunk, p.gfns - first) };
    }
    yield { type: 'final_harvest' };
  },
});
