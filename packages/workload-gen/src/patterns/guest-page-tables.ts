import type { GuestPteWrite, ShadowPageTable } from '../events/workload-event.js';
import type { Rng } from '../rng/rng.js';

/** Guest PTE flags ('pwuxd' subsets) and the weight of each in a PTE write. */
export type PteMix = readonly (readonly [flags: string, weight: number])[];

/**
 * Permission changes a guest OS makes to its own PTEs (spec §3.10): mostly back to a full,
 * dirty mapping, and otherwise read-only (fork, COW), no-exec (W^X), clean (after writeback:
 * KVM maps a clean PTE read-only until the guest sets D) or not present (unmap).
 */
export const OS_PTE_MIX: PteMix = [
  ['pwuxd', 4],
  ['pux', 2],
  ['pwud', 1.5],
  ['pwux', 1.5],
  ['', 1],
];

/**
 * The guest's 4K-level page tables as a workload sees them: which gfns it made tables (the
 * `shadow_page_table` events it emitted) and PTE writes into them. A stream has no view of the
 * model's state, so it remembers its own.
 */
export class GuestPageTableActivity {
  private readonly tables: number[] = [];

  constructor(
    private readonly rng: Rng,
    private readonly vcpus: number,
    private readonly gfns: number,
  ) {}

  /** The guest starts using `gfn` as a page table of `level` (1: a 4K-level table). */
  newTable(gfn: number, level: number): ShadowPageTable {
    if (level === 1 && !this.tables.includes(gfn)) this.tables.push(gfn);
    return { type: 'shadow_page_table', vcpu: this.rng.int(0, this.vcpus - 1), gfn, level };
  }

  /** A PTE write into one of the 4K-level tables, or null while there is none. */
  pteWrite(mix: PteMix, gfn = this.rng.int(0, this.gfns - 1)): GuestPteWrite | null {
    if (this.tables.length === 0) return null;
    const table = this.tables[this.rng.int(0, this.tables.length - 1)]!;
    return {
      type: 'guest_pte_write',
      vcpu: this.rng.int(0, this.vcpus - 1),
      table,
      gfn,
      pte: pick(this.rng, mix),
    };
  }
}

function pick(rng: Rng, mix: PteMix): string {
  const total = mix.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = rng.fraction() * total;
  for (const [flags, weight] of mix) if ((roll -= weight) < 0) return flags;
  return mix[mix.length - 1]![0];
}
