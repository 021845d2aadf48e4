import { CHECK_OPERATIONS } from '../explore/check-config.js';
import { type AuditAxes, GFN_LAYOUTS, MEMSLOT_MODES } from './audit-matrix.js';

export type AuditBudget = 'quick' | 'full';

/**
 * `--budget full`: the whole matrix (meant for `--shard` on many machines), each check bounded by
 * 2 000 000 states and the explorer's snapshot memory limit. `--budget quick`:
 * every pair of operations in every memslot mode, on both MMUs, with every eager-split value
 * (TDP; the shadow MMU runs once), EPT, one huge-backed gfn and one vCPU writing twice, and a
 * limit of 20 000 states per check. The timing and the counts are in the CLI README (`spte-lab
 * audit`). A configuration that needs more states is reported incomplete, never safe.
 */
export function auditAxes(budget: AuditBudget, tupleSize: 2 | 3 = 2): AuditAxes {
  if (budget === 'full')
    return {
      operations: CHECK_OPERATIONS,
      tupleSize,
      formats: ['ept', 'ept-noad', 'legacy'],
      mmus: ['tdp', 'shadow'],
      eagerSplits: ['on', 'off', 'fails'],
      modes: MEMSLOT_MODES,
      guests: [
        { vcpus: 1, writes: 1 },
        { vcpus: 1, writes: 2 },
        { vcpus: 2, writes: 1 },
        { vcpus: 2, writes: 2 },
      ],
      layouts: GFN_LAYOUTS,
      maxDepth: 1200,
      maxStates: 2_000_000,
    };
  return {
    operations: CHECK_OPERATIONS,
    tupleSize,
    formats: ['ept'],
    mmus: ['tdp', 'shadow'],
    eagerSplits: ['on', 'off', 'fails'],
    modes: MEMSLOT_MODES,
    guests: [{ vcpus: 1, writes: 2 }],
    layouts: ['1-gfn'],
    maxDepth: 1200,
    maxStates: 20_000,
  };
}
