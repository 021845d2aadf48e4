import type { HostMmOperation, WorkloadEvent } from '../events/workload-event.js';
import { integer, real } from '../params/parameter.js';
import { accessParameters, hugeRatioParameter } from '../patterns/access-parameters.js';
import { guestAccesses } from '../patterns/guest-access.js';
import { definePreset } from './define-preset.js';
import { harvestInterval, hugeBackingVm, warmUp } from './phases.js';

const HOST_MM = ['clear_young', 'clear_flush_young', 'test_young', 'invalidate_range'] as const;

/**
 * Everything at once, as on a busy host (spec §3.5–§3.8, §4.3, §5): a migration harvesting the
 * dirty bitmap in rounds, a KVMGT-like tracker adding and removing gfns the guest writes, the
 * host MM aging and invalidating ranges, and the VMM zapping ranges (MTRR / APICv changes).
 * After the final harvest logging is disabled and the guest runs on, so huge pages (with
 * `hugeRatio` > 0) are recovered. No single rule is isolated here; it checks that they compose.
 */
export const mixed = definePreset({
  name: 'mixed',
  description: 'migration + write-tracker + host reclaim + zaps, all interleaved',
  formats: ['ept', 'ept-noad', 'legacy'],
  mmu: 'tdp',
  specSections: ['§3.5', '§3.6', '§3.7', '§3.8', '§4.3', '§4.7', '§5'],
  sizes: { vcpus: 2, gfns: 16, events: 600 },
  rates: { vcpu: 2, vmm: 1, hostMm: 1, tracker: 3 },
  parameters: [
    ...accessParameters({ writeShare: 0.6 }),
    hugeRatioParameter(0),
    integer('rounds', 'GET_DIRTY_LOG harvests over the main phase (at least 8 events apart)', {
      default: 10,
      min: 1,
      max: 100_000,
    }),
    real('trackShare', 'share of events where the tracker adds or removes a just-written gfn', {
      default: 0.03,
      min: 0,
      max: 1,
    }),
    real('hostShare', 'share of events that are host-MM aging or invalidations', {
      default: 0.04,
      min: 0,
      max: 1,
    }),
    real('zapShare', 'share of events that are kvm_zap_gfn_range calls', {
      default: 0.005,
      min: 0,
      max: 1,
    }),
    integer('maxRange', 'largest gfn range of one notifier call or zap', {
      default: 2,
      min: 1,
      max: 1 << 20,
    }),
  ],
  check: (p) => {
    const sum = p.trackShare + p.hostShare + p.zapShare;
    return sum <= 1 ? undefined : `trackShare + hostShare + zapShare must be at most 1; got ${sum}`;
  },
  vm: (p) => hugeBackingVm(p.hugeRatio),
  *events(p, rng): Generator<WorkloadEvent> {
    const next = guestAccesses(p, rng);
    const every = harvestInterval(p.events, p.rounds, 8);
    const tracked = new Set<number>();
    let lastWritten = 0;
    yield* warmUp(next, p.vcpus);
    yield { type: 'enable_dirty_logging' };
    for (let i = 1; i <= p.events; i++) {
      if (i % every === 0) {
        yield { type: 'get_dirty_log' };
        continue;
      }
      const roll = rng.fraction();
      if (roll < p.trackShare) {
        const gfn = lastWritten;
        if (tracked.delete(gfn)) yield { type: 'write_track_remove', gfn };
        else {
          tracked.add(gfn);
          yield { type: 'write_track_add', gfn };
        }
      } else if (roll < p.trackShare + p.hostShare) {
        const type: HostMmOperation['type'] = HOST_MM[rng.int(0, HOST_MM.length - 1)]!;
        yield { type, gfn: rng.int(0, p.gfns - 1), count: rng.int(1, p.maxRange) };
      } else if (roll < p.trackShare + p.hostShare + p.zapShare) {
        yield { type: 'zap_gfn_range', gfn: rng.int(0, p.gfns - 1), count: rng.int(1, p.maxRange) };
      } else {
        const access = next();
        if (access.access === 'write') lastWritten = access.gfn;
        yield access;
      }
    }
    yield { type: 'final_harvest' };
    yield { type: 'disable_dirty_logging' };
    for (let i = 0; i < p.events / 8; i++) yield next();
  },
});
