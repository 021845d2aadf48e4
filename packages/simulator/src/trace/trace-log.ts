import type { TraceStep } from '@spte-lab/reporter';

/**
 * Where a trace entry belongs: `span` gfns from `gfn` (a huge SPTE covers 512 or more), or
 * gfn -1 for VM-wide steps (flushes, ioctl milestones).
 */
interface Entry extends TraceStep {
  readonly gfn: number;
  readonly span: number;
}

/**
 * The recent history of a run, kept so that a violation can carry the steps that led to it.
 * A ring of the last `capacity` significant steps (SPTE changes, fills, faults, flushes,
 * milestones, stale-entry writes); plain TLB hits are not recorded.
 */
export class TraceLog {
  private readonly ring: (Entry | undefined)[];
  private next = 0;

  constructor(private readonly capacity = 1 << 14) {
    this.ring = new Array<Entry | undefined>(capacity);
  }

  record(
    step: number,
    actor: string,
    operation: string,
    detail: string,
    gfn: number,
    span = 1,
  ): void {
    this.ring[this.next % this.capacity] = { step, actor, operation, detail, gfn, span };
    this.next++;
  }

  /** Every recorded step still in the ring, oldest first, with its gfn (-1: VM-wide). */
  all(): (TraceStep & { readonly gfn: number })[] {
    const out: Entry[] = [];
    for (let i = Math.max(0, this.next - this.capacity); i < this.next; i++)
      out.push(this.ring[i % this.capacity]!);
    return out;
  }

  /**
   * The steps that touched `gfn` or the whole VM, oldest first: the last `limit` of them up to
   * and including step `until` (default: now).
   */
  forGfn(gfn: number, until = Number.POSITIVE_INFINITY, limit = 40): TraceStep[] {
    const out: TraceStep[] = [];
    const first = Math.max(0, this.next - this.capacity);
    for (let i = this.next - 1; i >= first && out.length < limit; i--) {
      const e = this.ring[i % this.capacity]!;
      if (e.step <= until && (e.gfn === -1 || (gfn >= e.gfn && gfn < e.gfn + e.span))) {
        out.push({ step: e.step, actor: e.actor, operation: e.operation, detail: e.detail });
      }
    }
    return out.reverse();
  }
}
