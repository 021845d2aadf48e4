import type { WorkloadEvent } from '../events/workload-event.js';
import type { Rng } from '../rng/rng.js';
import { randomAccess } from './access-pattern.js';
import type { ScenarioParams, ScenarioPreset } from './scenario-preset.js';

/**
 * Host memory reclaim (spec §3.7, §3.8): the host MM ages gfns (clear_young, clear_flush_young,
 * test_young; on EPT without A/D that is access tracking) and invalidates small ranges as swap,
 * KSM or NUMA balancing would, then reuses the old pages. After an invalidation returns no
 * access may use an old page.
 */
export const hostReclaim: ScenarioPreset = {
  name: 'host-reclaim',
  description: 'MMU-notifier aging and invalidations (swap/KSM/NUMA) on EPT without A/D bits',
  format: 'ept-noad',
  mmu: 'tdp',
  specSections: ['§3.4', '§3.7', '§3.8', '§6.3'],
  vm: {},
  defaults: { vcpus: 2, gfns: 8, events: 500 },
  *events(params: ScenarioParams, rng: Rng): Generator<WorkloadEvent> {
    const kinds = ['clear_young', 'clear_flush_young', 'test_young', 'invalidate_range'] as const;
    for (let i = 1; i <= params.events; i++) {
      if (rng.chance(0.08)) {
        const gfn = rng.int(0, params.gfns - 1);
        yield { type: kinds[rng.int(0, kinds.length - 1)]!, gfn, count: rng.int(1, 2) };
      } else {
        yield randomAccess(params, rng, 0.5);
      }
    }
  },
};
