import type { HostMmOperation } from '../events/workload-event.js';
import { integer, real } from '../params/parameter.js';
import { accessParameters, hugeRatioParameter } from '../patterns/access-parameters.js';
import { guestAccesses } from '../patterns/guest-access.js';
import { definePreset } from './define-preset.js';
import { hugeBackingVm } from './phases.js';

const AGING = ['clear_young', 'clear_flush_young', 'test_young'] as const;

/**
 * Host memory reclaim (spec §3.7, §3.8): the host MM ages gfns (clear_young, clear_flush_young,
 * test_young; on EPT without A/D that is access tracking, which makes SPTEs read-only with MW
 * kept and never flushes from v6.13) and invalidates small ranges as swap, KSM or NUMA
 * balancing would, then reuses the old pages. After an invalidation returns no access may use
 * an old page.
 */
export const hostReclaim = definePreset({
  name: 'host-reclaim',
  description:
    'MMU-notifier aging and invalidations (swap/KSM/NUMA) on EPT without or with A/D bits',
  formats: ['ept-noad', 'ept'],
  mmu: 'tdp',
  specSections: ['§3.4', '§3.7', '§3.8', '§6.3'],
  sizes: { vcpus: 2, gfns: 8, events: 500 },
  parameters: [
    ...accessParameters({ writeShare: 0.5 }),
    hugeRatioParameter(0),
    real('hostShare', 'share of events that are host-MM operations', {
      default: 0.08,
      min: 0,
      max: 1,
    }),
    real('invalidateShare', 'share of host-MM operations that are invalidations (the rest age)', {
      default: 0.25,
      min: 0,
      max: 1,
    }),
    integer('maxRange', 'largest gfn range one notifier call covers', {
      default: 2,
      min: 1,
      max: 1 << 20,
    }),
  ],
  vm: (p) => hugeBackingVm(p.hugeRatio),
  *events(p, rng) {
    const next = guestAccesses(p, rng);
    for (let i = 1; i <= p.events; i++) {
      if (!rng.chance(p.hostShare)) {
        yield next();
        continue;
      }
      const gfn = rng.int(0, p.gfns - 1);
      const type: HostMmOperation['type'] = rng.chance(p.invalidateShare)
        ? 'invalidate_range'
        : AGING[rng.int(0, AGING.length - 1)]!;
      yield { type, gfn, count: rng.int(1, p.maxRange) };
    }
  },
});
