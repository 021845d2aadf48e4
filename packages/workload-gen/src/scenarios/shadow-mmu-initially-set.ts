import { choice } from '../params/parameter.js';
import { definePreset } from './define-preset.js';

/** Gfns per KVM_CLEAR_DIRTY_LOG call: one 64-bit bitmap word, as QEMU's chunks are aligned. */
const CHUNK = 64;

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
    const regions = Math.max(1, Math.floor(p.gfns / 512));
    // Two hot gfns per 2M region, written by every vCPU before logging starts: the guest's
    // next page tables come from there (a freshly allocated page, still mapped 2M).
    const hot = Array.from(
      { length: regions * 2 },
      (_, i) => Math.floor(i / 2) * 512 + rng.int(0, 511),
    );
    for (let v = 0; v < p.vcpus; v++) {
      for (const gfn of hot) yield { type: 'access', vcpu: v, gfn, access: 'write' };
    }
    yield { type: 'enable_dirty_logging' };
    const shadowed = new Set<number>();
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
      // One chunk of the log is cleared, and a vCPU's guest walk meets a new page table in
      // that huge page: KVM shadows it. The guest keeps writing its page tables afterwards.
      const target = hot[rng.int(0, hot.length - 1)]!;
      yield { type: 'clear_dirty_log', first: target - (target % CHUNK), count: CHUNK };
      const region = target - (target % 512);
      const fresh = hot.filter((g) => g - (g % 512) === region && !shadowed.has(g));
      if (fresh.length === 0) continue;
      const gfn = fresh[rng.int(0, fresh.length - 1)]!;
      shadowed.add(gfn);
      yield {
        type: 'shadow_page_table',
        vcpu: rng.int(0, p.vcpus - 1),
        gfn,
        level: Number(p.level),
      };
    }
    yield { type: 'final_harvest' };
  },
});
