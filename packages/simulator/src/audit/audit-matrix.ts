import type { MmuFlavour, SpteFormat } from '@spte-lab/spte-core';
import type { VmSetup } from '@spte-lab/workload-gen';
import {
  type CheckOperation,
  checkConfigProblems,
  DEFAULT_CHECK,
} from '../explore/check-config.js';
import { checkConfigImpossible } from '../explore/check-impossible.js';
import type { CheckSpec } from '../explore/check-report.js';

/**
 * The memslot set-ups an audit crosses (issue 19): how the VMM logs dirty pages (the bitmap,
 * the bitmap filled by Intel PML, manual protect, initially-set, the dirty ring), or a ROM.
 */
export const MEMSLOT_MODES = [
  'bitmap',
  'pml',
  'manual-protect',
  'initially-set',
  'ring',
  'read-only',
] as const;
export type MemslotMode = (typeof MEMSLOT_MODES)[number];

/**
 * Where the explorer's gfns lie: one gfn, two gfns in one 2M region, or one gfn in each of two
 * 2M regions. Every layout is huge-backed and vCPU 0 writes each region before logging starts,
 * so a writable 2M TLB entry exists when the race begins (the precondition of spec §10.1).
 */
export const GFN_LAYOUTS = ['1-gfn', '2-gfns', '2-regions'] as const;
export type GfnLayout = (typeof GFN_LAYOUTS)[number];

export type EagerSplit = 'on' | 'off' | 'fails';

/** How many vCPUs race, and how many guest writes each makes. */
export interface GuestShape {
  readonly vcpus: number;
  readonly writes: number;
}

/** The axes of an audit's matrix; the matrix is their product. */
export interface AuditAxes {
  /** The operations combined, `tupleSize` at a time. */
  readonly operations: readonly CheckOperation[];
  readonly tupleSize: 2 | 3;
  readonly formats: readonly SpteFormat[];
  readonly mmus: readonly MmuFlavour[];
  readonly eagerSplits: readonly EagerSplit[];
  readonly modes: readonly MemslotMode[];
  /**
   * vCPUs and the guest writes each makes, together: a budget may take (1 vCPU, 2 writes) and
   * (2 vCPUs, 1 write) without the costly (2, 2).
   */
  readonly guests: readonly GuestShape[];
  readonly layouts: readonly GfnLayout[];
  /** The explorer's bound (steps along a path) and state limit, for every configuration. */
  readonly maxDepth: number;
  readonly maxStates: number;
}

/** One point of the matrix, without its policy. */
export interface AuditCell {
  /** Stable name of the point, e.g. `get_dirty_log+write_track_add/ept/tdp/split-on/bitmap/2v/1-gfn/1w`. */
  readonly id: string;
  readonly operations: readonly CheckOperation[];
  readonly format: SpteFormat;
  readonly mmu: MmuFlavour;
  readonly eagerSplit: EagerSplit;
  readonly mode: MemslotMode;
  readonly vcpus: number;
  readonly layout: GfnLayout;
  readonly writes: number;
  /** What `check` explores for it. */
  readonly spec: Omit<CheckSpec, 'policy'>;
  /**
   * Why it is not explored: the kernel cannot produce it (`checkConfigImpossible`), or the
   * explorer cannot express it in this layout. Skipped cells are reported, never counted safe.
   */
  readonly skipped?: string;
}

/** The memslot flags of a mode (spec §4: bitmap, PML §4.6, manual protect, init-set, ring §4.5; §1.6: ROM). */
export function memslotSetup(mode: MemslotMode, mmu: MmuFlavour): VmSetup {
  const base: VmSetup = { hugeBacking: true, ...(mmu === 'shadow' ? { indirect: true } : {}) };
  switch (mode) {
    case 'bitmap':
      return base;
    case 'pml':
      return { ...base, pml: true };
    case 'manual-protect':
      return { ...base, manualProtect: true };
    case 'initially-set':
      return { ...base, manualProtect: true, initiallySet: true };
    case 'ring':
      // A ring of 16 with a soft limit of 12: small enough that two writes never fill it.
      return { ...base, dirtyRing: { size: 16, softLimit: 12 } };
    case 'read-only':
      return { ...base, readOnly: true };
  }
}

/** Every `size`-element combination of `items`, in order (no repeats, no permutations). */
export function combinations<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  const out: T[][] = [];
  items.forEach((item, i) => {
    for (const rest of combinations(items.slice(i + 1), size - 1)) out.push([item, ...rest]);
  });
  return out;
}

/** The cell's id: every axis value, in axis order. */
export function cellId(c: Omit<AuditCell, 'id' | 'spec'>): string {
  return [
    c.operations.join('+'),
    c.format,
    c.mmu,
    `split-${c.eagerSplit}`,
    c.mode,
    `${c.vcpus}v`,
    c.layout,
    `${c.writes}w`,
  ].join('/');
}

function checkSpec(c: Omit<AuditCell, 'id' | 'spec'>, axes: AuditAxes): Omit<CheckSpec, 'policy'> {
  const regions = c.layout === '2-regions' ? 2 : 1;
  return {
    vcpus: c.vcpus,
    gfns: c.layout === '1-gfn' ? 1 : 2,
    ...(regions === 2 ? { regions } : {}),
    slotGfns: 512 * regions,
    warmWrites: regions === 2 ? [0, 512] : [0],
    writes: c.writes,
    operations: c.operations,
    format: c.format,
    mmu: c.mmu,
    vm: memslotSetup(c.mode, c.mmu),
    eagerSplit: c.eagerSplit,
    maxDepth: axes.maxDepth,
    maxStates: axes.maxStates,
  };
}

/** The matrix: every combination of the axes, in a fixed order (operations slowest). */
export function auditCells(axes: AuditAxes): AuditCell[] {
  const cells: AuditCell[] = [];
  for (const operations of combinations(axes.operations, axes.tupleSize))
    for (const format of axes.formats)
      for (const mmu of axes.mmus)
        for (const eagerSplit of splitsFor(mmu, axes.eagerSplits))
          for (const mode of axes.modes)
            for (const { vcpus, writes } of axes.guests)
              for (const layout of axes.layouts) {
                const c = { operations, format, mmu, eagerSplit, mode, vcpus, layout, writes };
                const spec = checkSpec(c, axes);
                const skipped = whySkipped(spec);
                cells.push({ ...c, id: cellId(c), spec, ...(skipped ? { skipped } : {}) });
              }
  return cells;
}

/**
 * Eager split changes nothing with the shadow MMU (spec §12.7: the split is TDP-only): when the
 * axis leaves out 'on', the kernel's default, the shadow MMU still runs once, with 'on'; with
 * 'on' in the axis the other values are cells of their own, skipped as duplicates.
 */
function splitsFor(mmu: MmuFlavour, splits: readonly EagerSplit[]): readonly EagerSplit[] {
  return mmu === 'shadow' && !splits.includes('on') ? ['on'] : splits;
}

/** The kernel's reason first; then what the explorer cannot express (spec's problems). */
function whySkipped(spec: Omit<CheckSpec, 'policy'>): string | undefined {
  const impossible = checkConfigImpossible({ ...spec, policy: '' });
  if (impossible) return `kernel: ${impossible}`;
  // The ranges do not depend on the policy: any policy object will do.
  const policy = { name: 'audit', description: 'range check only' };
  const problems = checkConfigProblems({ ...DEFAULT_CHECK, ...spec, policy });
  return problems.length > 0 ? `layout: ${problems.join('; ')}` : undefined;
}
