import { choice } from '../params/parameter.js';
import { definePreset } from './define-preset.js';
import { initSetRounds } from './init-set-rounds.js';

/**
 * Issue 18: the initially-set CLEAR_DIRTY_LOG race (spec §10.1, §12.14) with its realistic
 * victim, KVM's own shadow MMU. Shadow paging (`tdp_mmu=0`, legacy SPTE format, guest page
 * tables shadowed): the guest, backed by 2M pages, writes before migration starts, so vCPUs
 * hold writable 2M TLB entries; QEMU starts logging with manual protect and
 * KVM_DIRTY_LOG_INITIALLY_SET and clears the log chunk by chunk, which write-protects the
 * covering 2M SPTEs (clearing MW) and flushes only after dropping `mmu_lock`; meanwhile vCPUs
 * fault on guest walks through new page tables inside those huge pages, and KVM shadows them
 * (`account_shadowed`), which flushes only if its own write-protect changed a SPTE. Nothing is
 * split here even with `eager_page_split` on: the split runs only with the TDP MMU.
 */
export const shadowMmuInitiallySet = definePreset({
  name: 'shadow-mmu-initially-set',
  description:
    'init-set CLEAR_DIRTY_LOG on 2M pages while KVM shadows guest page tables inside them',
  formats: ['legacy'],
  mmu: 'shadow',
  specSections: ['§3.6', '§3.10', '§4.4', '§5', '§10.1', '§12.14'],
  sizes: { vcpus: 2, gfns: 1024, events: 300 },
  rates: { vcpu: 2, vmm: 1 },
  parameters: [
    choice(
      'level',
      'level of the guest page tables KVM shadows: 1 (write-protected directly) or 2 (write-tracked)',
      ['1', '2'],
      '1',
    ),
  ],
  vm: () => ({ indirect: true, manualProtect: true, initiallySet: true, hugeBacking: true }),
  check: (p) =>
    p.gfns < 512 ? 'gfns must be at least 512: the race needs a 2M region' : undefined,
  *events(p, rng) {
    // A vCPU's guest walk meets a new page table in the cleared chunk's huge page: KVM
    // shadows it; the guest keeps writing its page tables afterwards.
    const shadowed = new Set<number>();
    yield* initSetRounds(p, rng, function* (sameRegion) {
      const fresh = sameRegion.filter((g) => !shadowed.has(g));
      if (fresh.length === 0) return;
      const gfn = fresh[rng.int(0, fresh.length - 1)]!;
      shadowed.add(gfn);
      const vcpu = rng.int(0, p.vcpus - 1);
      yield { type: 'shadow_page_table', vcpu, gfn, level: Number(p.level) };
    });
  },
});
