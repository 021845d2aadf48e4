import { definePolicy } from '../define-policy.js';
import { FLUSH_ALL_AT_NEXT_ENTRY } from '../requests.js';

/**
 * LATR-style lazy invalidation (Kumar et al., ASPLOS'18): no IPIs at all. Every leaf change
 * that takes something away asks every vCPU to flush at its next VM entry, and nobody waits.
 * A vCPU that stays in guest mode keeps writing through its stale writable entry after the
 * dirty-log harvest or the write-track add has returned, so the write is lost — which is why
 * KVM must IPI. It shows what the IPIs buy: the fewest IPIs and cycles of any policy, and
 * lost writes wherever a vCPU keeps running across a write-protect.
 * Expected verdict: unsafe in every preset.
 */
export const lazyEntry = definePolicy({
  name: 'lazy-entry',
  description: 'no IPIs: every vCPU flushes at its next VM entry (LATR-style; unsafe)',
  onLeafChange: (change) => (change.permissionsReduced ? FLUSH_ALL_AT_NEXT_ENTRY : null),
});
