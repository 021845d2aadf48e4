import { choice, integer } from '../params/parameter.js';
import { accessParameters, hugeRatioParameter } from '../patterns/access-parameters.js';
import { guestAccesses } from '../patterns/guest-access.js';
import { definePreset } from './define-preset.js';
import { harvestInterval, hugeBackingVm, warmUp } from './phases.js';

/**
 * Migration of a guest backed by 2M pages (spec §3.9, §4.2, §4.3): faults map 2M leaves;
 * enabling logging splits them eagerly (children keep W/MW, no flush) and write-protects;
 * GET_DIRTY_LOG rounds; after the final harvest logging is disabled and huge pages are
 * recovered (v6.13 in place with one flush, v6.12 by zapping each table with a flush); then
 * KVM zaps the first 2M of the guest and then all roots, as MTRR and memslot changes do. The default
 * pattern is a small hot set spread over every 2M region, so splits and recoveries matter.
 */
export const hugePageMigration = definePreset({
  name: 'huge-page-migration',
  description: '2M-backed guest: eager split, GET_DIRTY_LOG rounds, huge-page recovery, zaps',
  formats: ['ept', 'ept-noad', 'legacy'],
  mmu: 'tdp',
  specSections: ['§3.8', '§3.9', '§4.2', '§4.3', '§4.7'],
  sizes: { vcpus: 2, gfns: 1024, events: 500 },
  parameters: [
    ...accessParameters({ writeShare: 0.6, pattern: 'hot-cold', hotFraction: 0.01, hotShare: 1 }),
    hugeRatioParameter(1),
    choice(
      'eagerSplit',
      'eager_page_split when logging starts: on, off, or fails (page-table allocation fails)',
      ['on', 'off', 'fails'],
      'on',
    ),
    integer('rounds', 'GET_DIRTY_LOG harvests over the main phase (at least 10 events apart)', {
      default: 8,
      min: 1,
      max: 100_000,
    }),
  ],
  vm: (p) => ({ ...hugeBackingVm(p.hugeRatio), eagerSplit: p.eagerSplit }),
  *events(p, rng) {
    const next = guestAccesses(p, rng);
    const every = harvestInterval(p.events, p.rounds, 10);
    yield* warmUp(next, p.vcpus);
    yield { type: 'enable_dirty_logging' };
    for (let i = 1; i <= p.events; i++) yield i % every === 0 ? { type: 'get_dirty_log' } : next();
    yield { type: 'final_harvest' };
    yield { type: 'disable_dirty_logging' };
    for (let i = 0; i < p.events / 4; i++) yield next();
    yield { type: 'zap_gfn_range', gfn: 0, count: Math.min(512, p.gfns) };
    for (let i = 0; i < p.events / 8; i++) yield next();
    yield { type: 'zap_all_fast' };
    for (let i = 0; i < p.events / 8; i++) yield next();
  },
});
