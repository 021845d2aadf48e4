import { actorName } from '@spte-lab/spte-core';
import type { TraceStep } from '@spte-lab/reporter';

/** How a recorded step's detail text is made when it is read. */
const TEXT = 0;
const SPTE = 1;
const FLUSH = 2;

/**
 * Turns the numbers of a recorded SPTE change or flush into its trace line. Only called when a
 * trace is read (a violation, a counterexample), so recording builds no strings.
 */
export interface TraceDetails {
  spteChange(level: number, oldLo: number, oldHi: number, newLo: number, newHi: number): string;
  flush(scope: string, ipis: number, requested: number): string;
}

/** A recorded step, as `all()` returns it: a TraceStep with the gfn it belongs to (-1: VM-wide). */
export type GfnTraceStep = TraceStep & { readonly gfn: number };

/**
 * The recent history of a run, kept so that a violation can carry the steps that led to it.
 * A ring of the last `capacity` significant steps (SPTE changes, fills, faults, flushes,
 * milestones, stale-entry writes); plain TLB hits are not recorded.
 *
 * Hot path (issue 10): a run records a step for every SPTE change and fault, and reads the
 * trace only when something breaks, so the ring is typed arrays of numbers plus references to
 * constant strings, and the text of an entry is built when it is read.
 * A step belongs to `span` gfns from `gfn` (a huge SPTE covers 512 or more), or to gfn -1.
 */
export class TraceLog {
  /** Off: nothing is recorded (the explorer, which explains a schedule by replaying it). */
  enabled = true;
  // Slots allocated so far: the ring starts small and doubles up to `capacity`, so a short run
  // or an explorer world does not pay for 16 Ki entries it never writes.
  private size = 0;
  private steps = new Float64Array(0);
  private gfns = new Float64Array(0);
  private spans = new Float64Array(0);
  private actors = new Int32Array(0);
  private kinds = new Uint8Array(0);
  /** SPTE changes: level, old lo/hi, new lo/hi; flushes: ipis, requested. */
  private words = new Float64Array(0);
  private operations: string[] = [];
  /** TEXT: the detail; FLUSH: the scope. */
  private texts: string[] = [];
  private next = 0;

  constructor(
    private readonly details: TraceDetails,
    private readonly capacity = 1 << 14,
  ) {
    this.grow(Math.min(capacity, 256));
  }

  /** A step described by text (`actor` as the MMU model numbers actors). */
  record(step: number, actor: number, operation: string, detail: string, gfn: number, span = 1) {
    if (!this.enabled) return;
    const i = this.claim(step, actor, operation, gfn, span, TEXT);
    this.texts[i] = detail;
  }

  /** An SPTE change at `level` of the leaf that maps `gfn`. */
  recordSpte(
    step: number,
    actor: number,
    site: string,
    level: number,
    gfn: number,
    oldLo: number,
    oldHi: number,
    newLo: number,
    newHi: number,
  ): void {
    if (!this.enabled) return;
    // A huge SPTE's change belongs to every gfn it maps.
    const span = 2 ** (9 * (level - 1));
    const i = this.claim(step, actor, site, gfn - (gfn % span), span, SPTE);
    const w = i * 5;
    this.words[w] = level;
    this.words[w + 1] = oldLo;
    this.words[w + 2] = oldHi;
    this.words[w + 3] = newLo;
    this.words[w + 4] = newHi;
  }

  /** A flush (VM-wide) of `scope` that sent `ipis` IPIs to `requested` vCPUs. */
  recordFlush(
    step: number,
    actor: number,
    operation: string,
    scope: string,
    ipis: number,
    requested: number,
  ): void {
    if (!this.enabled) return;
    const i = this.claim(step, actor, operation, -1, 1, FLUSH);
    this.texts[i] = scope;
    this.words[i * 5] = ipis;
    this.words[i * 5 + 1] = requested;
  }

  /** Every recorded step still in the ring, oldest first, with its gfn (-1: VM-wide). */
  all(): GfnTraceStep[] {
    const out: GfnTraceStep[] = [];
    for (let n = Math.max(0, this.next - this.size); n < this.next; n++) {
      const i = n % this.size;
      out.push({ ...this.stepAt(i), gfn: this.gfns[i]! });
    }
    return out;
  }

  /**
   * The steps that touched `gfn` or the whole VM, oldest first: the last `limit` of them up to
   * and including step `until` (default: now).
   */
  forGfn(gfn: number, until = Number.POSITIVE_INFINITY, limit = 40): TraceStep[] {
    const out: TraceStep[] = [];
    const first = Math.max(0, this.next - this.size);
    for (let n = this.next - 1; n >= first && out.length < limit; n--) {
      const i = n % this.size;
      const from = this.gfns[i]!;
      if (this.steps[i]! <= until && (from === -1 || (gfn >= from && gfn < from + this.spans[i]!)))
        out.push(this.stepAt(i));
    }
    return out.reverse();
  }

  private claim(
    step: number,
    actor: number,
    operation: string,
    gfn: number,
    span: number,
    kind: number,
  ): number {
    if (this.next === this.size && this.size < this.capacity)
      this.grow(Math.min(this.capacity, this.size * 2));
    const i = this.next % this.size;
    this.next++;
    this.steps[i] = step;
    this.actors[i] = actor;
    this.operations[i] = operation;
    this.gfns[i] = gfn;
    this.spans[i] = span;
    this.kinds[i] = kind;
    return i;
  }

  /** Reallocates every column with `size` slots; the ring has not wrapped yet, so slots keep their index. */
  private grow(size: number): void {
    this.steps = widened(this.steps, size);
    this.gfns = widened(this.gfns, size);
    this.spans = widened(this.spans, size);
    this.actors = widened(this.actors, size);
    this.kinds = widened(this.kinds, size);
    this.words = widened(this.words, size * 5);
    this.operations.length = size;
    this.texts.length = size;
    this.size = size;
  }

  private stepAt(i: number): TraceStep {
    const w = i * 5;
    const words = this.words;
    const kind = this.kinds[i];
    const detail =
      kind === SPTE
        ? this.details.spteChange(
            words[w]!,
            words[w + 1]!,
            words[w + 2]!,
            words[w + 3]!,
            words[w + 4]!,
          )
        : kind === FLUSH
          ? this.details.flush(this.texts[i]!, words[w]!, words[w + 1]!)
          : this.texts[i]!;
    return {
      step: this.steps[i]!,
      actor: actorName(this.actors[i]!),
      operation: this.operations[i]!,
      detail,
    };
  }
}

/** A copy of `old` with room for `length` elements. */
function widened<T extends Float64Array | Int32Array | Uint8Array>(old: T, length: number): T {
  const wider = new (old.constructor as new (n: number) => T)(length);
  wider.set(old);
  return wider;
}
