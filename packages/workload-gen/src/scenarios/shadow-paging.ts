import { real } from '../params/parameter.js';
import { accessParameters } from '../patterns/access-parameters.js';
import { guestAccesses } from '../patterns/guest-access.js';
import { definePreset } from './define-preset.js';

/**
 * Shadow paging (legacy format, shadow MMU, indirect shadow pages; spec §3.2, §3.10, §5): the
 * guest starts using gfns as page tables, which KVM shadows and write-protects (MW cleared,
 * flushed before the lock is dropped). Writes to a 4K-level table make its shadow page unsync
 * (writable again) until the guest's next TLB flush syncs it; higher-level tables are
 * write-tracked, so writes to them are always emulated. Every write to a protected gfn after
 * the protection returned must trap to KVM.
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
  ],
  check: (p) =>
    p.tableShare + p.flushShare <= 1
      ? undefined
      : `tableShare + flushShare must be at most 1; got ${p.tableShare} + ${p.flushShare}`,
  vm: () => ({ indirect: true }),
  *events(p, rng) {
    const next = guestAccesses(p, rng);
    for (let i = 1; i <= p.events; i++) {
      const roll = rng.fraction();
      if (roll < p.tableShare) {
        const vcpu = rng.int(0, p.vcpus - 1);
        const gfn = rng.int(0, p.gfns - 1);
        yield { type: 'shadow_page_table', vcpu, gfn, level: rng.chance(p.upperShare) ? 2 : 1 };
      } else if (roll < p.tableShare + p.flushShare) {
        yield { type: 'guest_tlb_flush', vcpu: rng.int(0, p.vcpus - 1) };
      } else {
        yield next();
      }
    }
  },
});
