import { real } from '../params/parameter.js';
import { accessParameters } from '../patterns/access-parameters.js';
import { guestAccesses } from '../patterns/guest-access.js';
import { GuestPageTableActivity, OS_PTE_MIX } from '../patterns/guest-page-tables.js';
import { definePreset } from './define-preset.js';

/**
 * Shadow paging (legacy format, shadow MMU, indirect shadow pages; spec §3.2, §3.10, §5,
 * §12.4, §12.9): the guest starts using gfns as page tables, which KVM shadows and
 * write-protects (MW cleared, flushed before the lock is dropped). The guest writes PTEs in its
 * 4K-level tables — fork-style read-only, no-exec, clean or unmapped — which makes their shadow
 * pages unsync (writable) until a guest TLB flush syncs them in batches (`mmu_sync_children`,
 * each SPTE rebuilt by `FNAME(sync_spte)`) or an INVLPG syncs one SPTE; higher-level tables are
 * write-tracked, so writes to them are emulated (`kvm_mmu_track_write`), and a table the guest
 * reuses as data is unprotected (`kvm_mmu_unprotect_gfn_and_retry`). Every write to a
 * protected gfn after the protection returned must trap to KVM.
 */
export const shadowPaging = definePreset({
  name: 'shadow-paging',
  description: 'guest page tables shadowed, write-protected, unsync and synced (legacy shadow MMU)',
  formats: ['legacy'],
  mmu: 'shadow',
  specSections: ['§3.2', '§3.4', '§3.10', '§5'],
  sizes: { vcpus: 2, gfns: 8, events: 500 },
  parameters: [
    ...accessParameters({ writeShare: 0.5 }),
    real('tableShare', 'share of events where the guest starts using a gfn as a page table', {
      default: 0.06,
      min: 0,
      max: 1,
    }),
    real('upperShare', 'share of new page tables above the 4K level (write-tracked, §5)', {
      default: 0.5,
      min: 0,
      max: 1,
    }),
    real('flushShare', 'share of events that are guest TLB flushes (MOV CR3: sync, §3.10)', {
      default: 0.06,
      min: 0,
      max: 1,
    }),
    real('pteWriteShare', 'share of events that are guest PTE writes into 4K-level tables', {
      default: 0.1,
      min: 0,
      max: 1,
    }),
    real('invlpgShare', 'share of events that are guest INVLPGs (one SPTE synced, §3.10)', {
      default: 0.03,
      min: 0,
      max: 1,
    }),
    real('reuseShare', 'share of events where the guest clears a page table to reuse it (§12.4)', {
      default: 0.01,
      min: 0,
      max: 1,
    }),
  ],
  check: (p) => {
    const sum = p.tableShare + p.flushShare + p.pteWriteShare + p.invlpgShare + p.reuseShare;
    return sum <= 1
      ? undefined
      : `tableShare + flushShare + pteWriteShare + invlpgShare + reuseShare must be at most 1; got ${sum}`;
  },
  vm: () => ({ indirect: true }),
  *events(p, rng) {
    const next = guestAccesses(p, rng);
    const tables = new GuestPageTableActivity(rng, p.vcpus, p.gfns);
    const vcpu = () => rng.int(0, p.vcpus - 1);
    const gfn = () => rng.int(0, p.gfns - 1);
    for (let i = 1; i <= p.events; i++) {
      let roll = rng.fraction();
      if ((roll -= p.tableShare) < 0) {
        yield tables.newTable(gfn(), rng.chance(p.upperShare) ? 2 : 1);
      } else if ((roll -= p.flushShare) < 0) {
        yield { type: 'guest_tlb_flush', vcpu: vcpu() };
      } else if ((roll -= p.pteWriteShare) < 0) {
        yield tables.pteWrite(OS_PTE_MIX) ?? next();
      } else if ((roll -= p.invlpgShare) < 0) {
        yield { type: 'guest_invlpg', vcpu: vcpu(), gfn: gfn() };
      } else if ((roll -= p.reuseShare) < 0) {
        yield { type: 'guest_table_reuse', vcpu: vcpu(), gfn: gfn() };
      } else {
        yield next();
      }
    }
  },
});
