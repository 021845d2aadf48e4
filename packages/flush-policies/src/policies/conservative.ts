import { FLUSH_ALL_NOW } from '@spte-lab/spte-core';
import { definePolicy } from '../define-policy.js';

/**
 * The textbook rule: flush every TLB at once after every change SDM 28.3.3.4 says needs
 * INVEPT — a zap, a new pfn, a lost R, W or X permission, or an A or D bit cleared on an
 * A/D-enabled SPTE (a cached D=1 entry would otherwise write without setting D or logging to
 * PML, spec §4.6). No stale entry that exceeds its SPTE survives a step, so flush points need
 * nothing more. It is the reference the kernel rules are measured against, and the
 * generator's template for a safe policy.
 * Expected verdict: safe.
 */
export const conservative = definePolicy({
  name: 'conservative',
  description:
    'flush all TLBs immediately on every permission reduction, zap, pfn change or A/D clear',
  onLeafChange: (change) =>
    change.permissionsReduced || change.accessedDirtyCleared ? FLUSH_ALL_NOW : null,
});
