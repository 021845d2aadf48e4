import { choice } from '../params/parameter.js';
import { definePreset } from './define-preset.js';

/** Gfns per KVM_CLEAR_DIRTY_LOG call (64-aligned, as the kernel requires). */
const CHUNK = 64;

/**
 * The initially-set CLEAR_DIRTY_LOG / write-tracking race of spec §10.1
 * (docs/findings/initially-set-write-track.md): a guest backed by 2M pages writes before
 * logging starts, so vCPUs hold writable 2M TLB entries; logging starts with manual protect and
 * KVM_DIRTY_LOG_INITIALLY_SET (no write-protect, no flush); the VMM clears the log chunk by
 * chunk, which write-protects the covering 2M SPTEs (clearing MW) and flushes only after
 * dropping `mmu_lock`; meanwhile a KVMGT-like tracker write-tracks hot gfns inside those huge
 * pages. With eager page split on (the default) the huge pages are split first and the tracker
 * flushes; `eagerSplit` 'off' or 'fails' opens the window.
 */
export const writeTrackInitiallySet = definePreset({
  name: 'write-track-initially-set',
  description: 'init-set CLEAR_DIRTY_LOG on 2M pages while a tracker write-tracks gfns inside them',
  formats: ['ept'],
  mmu: 'tdp',
  specSections: ['§3.6', '§3.9', '§4.2', '§4.4', '§5', '§10.1'],
  sizes: { vcpus: 2, gfns: 1024, events: 300 },
  rates: { vcpu: 2, vmm: 1, tracker: 6 },
  parameters: [
    choice(
      'eagerSplit',
      'eager_page_split: on (KVM default), off, or fails (a page-table allocation failure)',
      ['on', 'off', 'fails'],
      'on',
    ),
  ],
  vm: (p) => ({
    manualProtect: true,
    initiallySet: true,
    hugeBacking: true,
    eagerSplit: p.eagerSplit,
  }),
  check: (p) =>
    p.gfns < 512 ? 'gfns must be at least 512: the race needs a 2M region' : undefined,
  *events(p, rng) {
    const regions = Math.max(1, Math.floor(p.gfns / 512));
    // Two hot gfns per 2M region: every vCPU writes them before logging starts.
    const hot = Array.from(
      { length: regions * 2 },
      (_, i) => Math.floor(i / 2) * 512 + rng.int(0, 511),
    );
    for (let v = 0; v < p.vcpus; v++) {
      for (const gfn of hot) yield { type: 'access', vcpu: v, gfn, access: 'write' };
    }
    yield { type: 'enable_dirty_logging' };
    const tracked = new Set<number>();
    const roundEvery = Math.max(12, Math.floor(p.events / 10));
    for (let i = 1; i <= p.events; i++) {
      if (i % roundEvery !== 0) {
        const gfn = hot[rng.int(0, hot.length - 1)]!;
        yield {
          type: 'access',
          vcpu: rng.int(0, p.vcpus - 1),
          gfn,
          access: rng.chance(0.7) ? 'write' : 'read',
        };
        continue;
      }
      // One chunk of the log is cleared, and the tracker acts on a hot gfn of that huge page
      // (KVMGT tracks guest pages the guest keeps writing, such as GPU page tables).
      const target = hot[rng.int(0, hot.length - 1)]!;
      yield { type: 'clear_dirty_log', first: target - (target % CHUNK), count: CHUNK };
      const region = target - (target % 512);
      const sameRegion = hot.filter((g) => g - (g % 512) === region);
      const gfn = sameRegion[rng.int(0, sameRegion.length - 1)]!;
      if (tracked.delete(gfn)) yield { type: 'write_track_remove', gfn };
      else {
        tracked.add(gfn);
        yield { type: 'write_track_add', gfn };
      }
    }
    yield { type: 'final_harvest' };
  },
});
