import { integer, real } from '../params/parameter.js';
import { accessParameters } from '../patterns/access-parameters.js';
import { guestAccesses } from '../patterns/guest-access.js';
import { GuestPageTableActivity, type PteMix } from '../patterns/guest-page-tables.js';
import { definePreset } from './define-preset.js';
import { harvestInterval } from './phases.js';

/**
 * PTE writes that keep R, W and D and toggle X (a JIT flipping W^X pages): a sync then rebuilds
 * a still-writable SPTE, so whether it flushes depends only on what make_spte's prefetch does
 * to W, A and MW. (U is EPT's R for a nested guest, and W without R is a misconfiguration.)
 */
const PERMISSION_TOGGLES: PteMix = [
  ['pwuxd', 1],
  ['pwud', 1],
];

/**
 * The seed patch's own term (spec §9 rows 3 and 10, §12.9): read-only but MMU-writable SPTEs
 * being refreshed. A nested guest whose shadow EPT has no A/D bits (`ept-noad`, indirect shadow
 * pages) is migrated: dirty logging write-protects its SPTEs (W=0, MW kept) and host aging
 * access-tracks them (RWX=0, MW kept), while the guest toggles X in its PTEs and flushes
 * its TLB. Each sync rebuilds SPTEs with `make_spte(prefetch=true)`: v6.12 access-tracks the
 * result, a read-only MW SPTE, and `mmu_spte_update` flushes on MW(old) && !W(new) — alone
 * when the old SPTE was already access-tracked; v6.13 keeps A when synchronizing and flushes
 * only if MW is cleared. Async page-fault completions (`kvm_arch_async_page_ready`) prefetch
 * over present SPTEs the same way in v6.12 and not at all in v6.13. Every harvested page must
 * reach the destination (spec §4.7) and every write to a shadowed table must trap (§5).
 */
export const roMmuWritableRefresh = definePreset({
  name: 'ro-mmu-writable-refresh',
  description:
    'read-only MMU-writable SPTEs refreshed by shadow-page syncs and prefetch faults (the seed patch)',
  formats: ['ept-noad', 'ept', 'legacy'],
  mmu: 'shadow',
  specSections: ['§3.1', '§3.2', '§3.7', '§3.10', '§4.2', '§9', '§12.3', '§12.9'],
  sizes: { vcpus: 2, gfns: 16, events: 600 },
  parameters: [
    ...accessParameters({ writeShare: 0.3 }),
    integer('tables', "guest 4K-level page tables, each mapping its share of the guest's gfns", {
      default: 2,
      min: 1,
      max: 512,
    }),
    real('pteWriteShare', 'share of events that toggle X in a guest PTE', {
      default: 0.12,
      min: 0,
      max: 1,
    }),
    real('flushShare', 'share of events that are guest TLB flushes (MOV CR3: sync)', {
      default: 0.06,
      min: 0,
      max: 1,
    }),
    real('invlpgShare', 'share of events that are guest INVLPGs (one SPTE synced)', {
      default: 0.04,
      min: 0,
      max: 1,
    }),
    real('agingShare', 'share of events where the host ages a gfn (clear_young)', {
      default: 0.06,
      min: 0,
      max: 1,
    }),
    real('prefetchShare', 'share of events that are async page-fault completions', {
      default: 0.04,
      min: 0,
      max: 1,
    }),
    integer('rounds', 'GET_DIRTY_LOG harvests over the main phase (at least 8 events apart)', {
      default: 6,
      min: 1,
      max: 100_000,
    }),
  ],
  check: (p) => {
    if (p.tables >= p.gfns) return `tables (${p.tables}) must be fewer than gfns (${p.gfns})`;
    const sum = p.pteWriteShare + p.flushShare + p.invlpgShare + p.agingShare + p.prefetchShare;
    return sum <= 1
      ? undefined
      : `pteWriteShare + flushShare + invlpgShare + agingShare + prefetchShare must be at most 1; got ${sum}`;
  },
  vm: () => ({ indirect: true }),
  *events(p, rng) {
    const next = guestAccesses(p, rng);
    const tables = new GuestPageTableActivity(rng, p.vcpus, p.gfns);
    const vcpu = () => rng.int(0, p.vcpus - 1);
    const gfn = () => rng.int(0, p.gfns - 1);
    // The guest builds its tables (gfns 0..tables-1), each mapping every tables-th gfn, and
    // starts using them: KVM shadows them (account_shadowed).
    for (let t = 0; t < p.tables; t++) yield tables.newTable(t, 1);
    for (let g = 0; g < p.gfns; g++) yield tables.pteWrite([['pwuxd', 1]], g) ?? next();
    for (let i = 0; i < p.vcpus * 4; i++) yield next(1, 0);
    yield { type: 'enable_dirty_logging' };
    const every = harvestInterval(p.events, p.rounds, 8);
    for (let i = 1; i <= p.events; i++) {
      if (i % every === 0) {
        yield { type: 'get_dirty_log' };
        continue;
      }
      let roll = rng.fraction();
      if ((roll -= p.pteWriteShare) < 0) {
        yield tables.pteWrite(PERMISSION_TOGGLES) ?? next();
      } else if ((roll -= p.flushShare) < 0) {
        yield { type: 'guest_tlb_flush', vcpu: vcpu() };
      } else if ((roll -= p.invlpgShare) < 0) {
        yield { type: 'guest_invlpg', vcpu: vcpu(), gfn: gfn() };
      } else if ((roll -= p.agingShare) < 0) {
        yield { type: 'clear_young', gfn: gfn(), count: 1 };
      } else if ((roll -= p.prefetchShare) < 0) {
        yield { type: 'prefetch_fault', vcpu: vcpu(), gfn: gfn(), source: 'async-pf' };
      } else {
        yield next();
      }
    }
    yield { type: 'final_harvest' };
  },
});
