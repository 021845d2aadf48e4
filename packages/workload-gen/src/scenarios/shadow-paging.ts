import type { WorkloadEvent } from '../events/workload-event.js';
import type { Rng } from '../rng/rng.js';
import { randomAccess } from './access-pattern.js';
import type { ScenarioParams, ScenarioPreset } from './scenario-preset.js';

/**
 * Shadow paging (legacy format, shadow MMU, indirect shadow pages; spec §3.2, §3.10, §5): the
 * guest starts using gfns as page tables, which KVM shadows and write-protects (MW cleared,
 * flushed before the lock is dropped). Writes to a 4K-level table make its shadow page unsync
 * (writable again) until the guest's next TLB flush syncs it; higher-level tables are
 * write-tracked, so writes to them are always emulated. Every write to a protected gfn after
 * the protection returned must trap to KVM.
 */
export const shadowPaging: ScenarioPreset = {
  name: 'shadow-paging',
  description: 'guest page tables shadowed, write-protected, unsync and synced (legacy shadow MMU)',
  format: 'legacy',
  mmu: 'shadow',
  specSections: ['§3.2', '§3.4', '§3.10', '§5'],
  vm: { indirect: true },
  defaults: { vcpus: 2, gfns: 8, events: 500 },
  *events(params: ScenarioParams, rng: Rng): Generator<WorkloadEvent> {
    for (let i = 1; i <= params.events; i++) {
      const roll = rng.int(0, 99);
      const vcpu = rng.int(0, params.vcpus - 1);
      if (roll < 6) {
        yield {
          type: 'shadow_page_table',
          vcpu,
          gfn: rng.int(0, params.gfns - 1),
          level: rng.chance(0.5) ? 1 : 2,
        };
      } else if (roll < 12) {
        yield { type: 'guest_tlb_flush', vcpu };
      } else {
        yield randomAccess(params, rng, 0.5);
      }
    }
  },
};
