import type { WorkloadEvent } from '../events/workload-event.js';
import { choice, integer } from '../params/parameter.js';
import { accessParameters, hugeRatioParameter } from '../patterns/access-parameters.js';
import { guestAccesses } from '../patterns/guest-access.js';
import { definePreset } from './define-preset.js';
import { harvestInterval, hugeBackingVm, warmUp } from './phases.js';

/** Gfns per KVM_CLEAR_DIRTY_LOG call with `harvest` clear-dirty-log (64-aligned). */
const CHUNK = 64;
/** Ring entries per vCPU and the soft-full limit with `harvest` dirty-ring. */
const RING = { size: 16, softLimit: 12 } as const;
const HARVESTS = ['get-dirty-log', 'clear-dirty-log', 'dirty-ring'] as const;

/**
 * Live migration with Intel PML on A/D-enabled EPT (spec §4.2, §4.6, §4.7): enabling logging
 * clears D on 4K SPTEs (huge ones are still write-protected, so they split on the first
 * write); a write that sets D 0→1 is logged by the CPU into the vCPU's PML buffer, which
 * drains into the dirty log on every exit and when a harvest kicks the vCPUs. Each harvest
 * clears D again on the reaped gfns and flushes: a TLB entry that still caches D=1 would let
 * the guest write without logging. The harvest is GET_DIRTY_LOG, manual-protect
 * CLEAR_DIRTY_LOG in 64-gfn chunks, or the dirty ring.
 */
export const migrationPml = definePreset({
  name: 'migration-pml',
  description:
    'PML migration on A/D EPT: logging clears D, the CPU logs D 0→1, harvests re-clear D',
  formats: ['ept'],
  mmu: 'tdp',
  specSections: ['§3.6', '§4.1', '§4.2', '§4.3', '§4.6', '§4.7'],
  sizes: { vcpus: 2, gfns: 16, events: 500 },
  parameters: [
    ...accessParameters({ writeShare: 0.6 }),
    hugeRatioParameter(0),
    choice(
      'harvest',
      'how the VMM reaps: get-dirty-log (bitmap), clear-dirty-log (manual protect, 64-gfn chunks), dirty-ring (16 entries, soft limit 12)',
      HARVESTS,
      'get-dirty-log',
    ),
    integer('rounds', 'harvests over the main phase (at least 8 events apart)', {
      default: 8,
      min: 1,
      max: 100_000,
    }),
  ],
  vm: (p) => ({
    ...hugeBackingVm(p.hugeRatio),
    pml: true,
    ...(p.harvest === 'clear-dirty-log' ? { manualProtect: true } : {}),
    ...(p.harvest === 'dirty-ring' ? { dirtyRing: RING } : {}),
  }),
  *events(p, rng) {
    const next = guestAccesses(p, rng);
    const every = harvestInterval(p.events, p.rounds, 8);
    yield* warmUp(next, p.vcpus);
    yield { type: 'enable_dirty_logging' };
    for (let i = 1; i <= p.events; i++) {
      if (i % every !== 0) yield next();
      else yield* harvest(p.harvest, p.gfns);
    }
    yield { type: 'final_harvest' };
  },
});

function* harvest(kind: (typeof HARVESTS)[number], gfns: number): Generator<WorkloadEvent> {
  if (kind === 'get-dirty-log') yield { type: 'get_dirty_log' };
  else if (kind === 'dirty-ring') yield { type: 'harvest_dirty_rings' };
  else
    for (let first = 0; first < gfns; first += CHUNK)
      yield { type: 'clear_dirty_log', first, count: Math.min(CHUNK, gfns - first) };
}
