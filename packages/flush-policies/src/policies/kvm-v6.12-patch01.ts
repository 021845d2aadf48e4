import { kernelPolicy } from './kernel-policy.js';

/**
 * Linux v6.12 with the seed patch alone (01/18, "Flush remote TLBs iff MMU-writable flag is
 * cleared from RO SPTE"; spec §8, §9 "Post01"): `mmu_spte_update` flushes when MW is cleared,
 * or A or D is cleared — v6.12 minus exactly the changes the seed patch's own term decides
 * (`seedTermOnly`: a read-only SPTE that stays MMU-writable). Everything else is v6.12. Set
 * beside `kvm-v6.12` it isolates what the seed patch saves; beside `kvm-v6.13`, what the rest of
 * the series does.
 * Expected verdict: unsafe in `shadow-mmu-initially-set` (the initially-set CLEAR_DIRTY_LOG race
 * of spec §10.1, present in every kernel since v5.14; issue 18), like `kvm-v6.12`.
 */
export const kvmV6_12Patch01 = kernelPolicy(
  'v6.12',
  'kvm-v6.12-patch01',
  'Linux v6.12 plus the seed patch only: flush when MW, A or D is cleared',
  (change) => change.kernelRuleSaysFlush('v6.12') && !change.seedTermOnly,
);
