import { definePolicy } from '../define-policy.js';

/**
 * Never flushes, neither on SPTE changes nor at flush points. It exists to prove the oracle
 * works: stale writable TLB entries survive write-protection, so guest writes after a dirty-log
 * harvest or a write-track add are lost, and accesses after an unmap reach the old page. It is
 * also the shortest policy there is, and the generator's template for an empty one.
 * Expected verdict: unsafe in every preset.
 */
export const never = definePolicy({
  name: 'never',
  description: 'never flushes remote TLBs (unsafe by design; proves the oracle works)',
});
