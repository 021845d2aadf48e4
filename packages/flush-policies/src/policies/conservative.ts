import { FLUSH_ALL_NOW, type FlushPolicy } from '@spte-lab/spte-core';

/**
 * The textbook rule: flush every TLB at once whenever a leaf change takes anything away — a
 * zap, a new pfn, or a lost R, W or X permission (spec §6.3, SDM 28.3.3.4). No stale entry
 * that exceeds its SPTE survives a step, so flush points need nothing more. Expected verdict:
 * safe everywhere, at the highest flush count; the reference the kernel rules are measured
 * against.
 */
export const conservative: FlushPolicy = {
  name: 'conservative',
  description: 'flush all TLBs immediately on every permission reduction, zap or pfn change',
  onLeafChange: (change) => (change.permissionsReduced ? FLUSH_ALL_NOW : null),
};
