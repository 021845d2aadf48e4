import { FLUSH_ALL_NOW } from '@spte-lab/spte-core';
import { definePolicy } from '../define-policy.js';

/**
 * The textbook rule: flush every TLB at once whenever a leaf change takes anything away — a
 * zap, a new pfn, or a lost R, W or X permission (spec §6.3, SDM 28.3.3.4). No stale entry
 * that exceeds its SPTE survives a step, so flush points need nothing more. It is the
 * reference the kernel rules are measured against, and the generator's template for a safe
 * policy.
 * Expected verdict: safe.
 */
export const conservative = definePolicy({
  name: 'conservative',
  description: 'flush all TLBs immediately on every permission reduction, zap or pfn change',
  onLeafChange: (change) => (change.permissionsReduced ? FLUSH_ALL_NOW : null),
});
