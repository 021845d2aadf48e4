import type { WorkloadEvent } from '../events/workload-event.js';
import type { Rng } from '../rng/rng.js';
import { warmUp } from './access-pattern.js';
import type { ScenarioParams, ScenarioPreset } from './scenario-preset.js';

/**
 * Migration of a guest backed by 2M pages (spec §3.9, §4.2, §4.3): faults map 2M leaves;
 * enabling logging splits them eagerly (children keep W/MW, no flush) and write-protects;
 * GET_DIRTY_LOG rounds; after the final harvest logging is disabled and huge pages are
 * recovered (v6.13 in place with one flush, v6.12 by zapping each table with a flush); then
 * KVM zaps a gfn range and all roots, as memslot and MTRR changes do.
 */
export const hugePageMigration: ScenarioPreset = {
  name: 'huge-page-migration',
  description: '2M-backed guest: eager split, GET_DIRTY_LOG rounds, huge-page recovery, zaps',
  format: 'ept',
  mmu: 'tdp',
  specSections: ['§3.8', '§3.9', '§4.2', '§4.3', '§4.7'],
  vm: { hugeBacking: true, eagerSplit: 'on' },
  defaults: { vcpus: 2, gfns: 1024, events: 500 },
  *events(params: ScenarioParams, rng: Rng): Generator<WorkloadEvent> {
    // A small hot set spread over every 2M region, so splits and recoveries matter.
    const hot = Array.from(
      { length: 8 },
      (_, i) => (i * Math.floor(params.gfns / 8) + rng.int(0, 7)) % params.gfns,
    );
    const access = (): WorkloadEvent => ({
      type: 'access',
      vcpu: rng.int(0, params.vcpus - 1),
      gfn: hot[rng.int(0, hot.length - 1)]!,
      access: rng.chance(0.6) ? 'write' : 'read',
    });
    const harvestEvery = Math.max(10, Math.floor(params.events / 8));
    yield* warmUp({ ...params, gfns: Math.min(params.gfns, 8) }, rng);
    yield { type: 'enable_dirty_logging' };
    for (let i = 1; i <= params.events; i++)
      yield i % harvestEvery === 0 ? { type: 'get_dirty_log' } : access();
    yield { type: 'final_harvest' };
    yield { type: 'disable_dirty_logging' };
    for (let i = 0; i < params.events / 4; i++) yield access();
    yield { type: 'zap_gfn_range', gfn: hot[0]!, count: 4 };
    for (let i = 0; i < params.events / 8; i++) yield access();
    yield { type: 'zap_all_fast' };
    for (let i = 0; i < params.events / 8; i++) yield access();
  },
};
