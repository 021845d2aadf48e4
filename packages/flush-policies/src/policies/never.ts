import type { FlushPolicy } from '@spte-lab/spte-core';

/**
 * Never flushes, neither on SPTE changes nor at flush points. It exists to prove the oracle
 * works: stale writable TLB entries survive write-protection, so guest writes after a dirty-log
 * harvest or a write-track add are lost. Expected verdict: unsafe in every scenario that
 * reduces permissions while a vCPU holds a writable entry.
 */
export const never: FlushPolicy = {
  name: 'never',
  description: 'never flushes remote TLBs (unsafe by design; proves the oracle works)',
};
