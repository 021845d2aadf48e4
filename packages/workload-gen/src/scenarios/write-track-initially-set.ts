import { choice } from '../params/parameter.js';
import { definePreset } from './define-preset.js';
import { initSetRounds } from './init-set-rounds.js';

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
    // The tracker acts on a hot gfn of the cleared chunk's huge page (KVMGT tracks guest pages
    // the guest keeps writing, such as GPU page tables).
    const tracked = new Set<number>();
    yield* initSetRounds(p, rng, function* (sameRegion) {
      const gfn = sameRegion[rng.int(0, sameRegion.length - 1)]!;
      if (tracked.delete(gfn)) yield { type: 'write_track_remove', gfn };
      else {
        tracked.add(gfn);
        yield { type: 'write_track_add', gfn };
      }
    });
  },
});
