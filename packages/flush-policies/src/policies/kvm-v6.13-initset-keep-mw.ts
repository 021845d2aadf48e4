import type { FlushPolicy } from '@spte-lab/spte-core';
import { kvmV6_13 } from './kvm-v6.13.js';

/**
 * Candidate fix 2 for the initially-set race (spec §10.1): v6.13's flushes unchanged, but the
 * init-set CLEAR_DIRTY_LOG path write-protects the covering 2M SPTEs as dirty logging does
 * everywhere else — W cleared, MW kept (`pt_protect=false`) — so a later write-track add finds
 * MW=1, clears it and flushes before dropping `mmu_lock`. This changes KVM behaviour, not a
 * flush decision, so it uses the port's `kvmBehaviour` field. Expected verdict: safe, with the
 * same flush count as v6.13.
 */
export const kvmV6_13InitsetKeepMw: FlushPolicy = {
  ...kvmV6_13,
  name: 'kvm-v6.13-initset-keep-mw',
  description: 'v6.13, but init-set CLEAR_DIRTY_LOG write-protects 2M SPTEs keeping MMU-writable',
  kvmBehaviour: { initSetHugeWriteProtect: 'keep-mw' },
};
