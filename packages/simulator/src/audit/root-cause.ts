import type { CheckReport } from '../explore/check-report.js';
import type { CounterexampleStep } from '../explore/counterexample.js';

/**
 * What a counterexample is, independent of the configuration it was found in (issue 19): the
 * oracle it broke, the SPTE transition whose flush was missing or late, and the call sites and
 * lock drops on its path. Counterexamples with one signature are one root cause.
 */
export interface RootCauseSignature {
  /** The violation's kind (write-track, dirty-log, unmap, …). */
  readonly oracle: string;
  /**
   * The last change on the path that took a permission away (W=1 → W=0, or present → not
   * present), as `operation: L<level> <before> → <after>`; `none` if the path has none.
   */
  readonly transition: string;
  /** The kernel functions on the path after the set-up, each once, in order of first appearance. */
  readonly path: readonly string[];
  /** The operations that released or dropped `mmu_lock` on the path (unlock, yield, allocation). */
  readonly lockDrops: readonly string[];
  /** All of it as one string: the key root causes are grouped by. */
  readonly key: string;
}

/** `(W=1 MW=1 → W=0 MW=0)` in a SPTE change's detail. */
const SPTE_CHANGE = /^SPTE L(\d) \S+ → \S+ \((.+) → (.+)\)$/;
const LOCK_DROP = /\bunlock\b|\byield|drop(s|ped)? mmu_lock|allocat/;

/** The signature of a counterexample's explained steps and violation. */
export function rootCauseSignature(
  report: Pick<CheckReport, 'violation' | 'steps'>,
): RootCauseSignature {
  const oracle = report.violation?.kind ?? 'none';
  const steps: readonly CounterexampleStep[] = (report.steps ?? []).filter((s) => s.n > 0);
  let transition = 'none';
  const path: string[] = [];
  const lockDrops: string[] = [];
  for (const step of steps) {
    for (const { operation, detail } of step.events) {
      if (!path.includes(operation)) path.push(operation);
      if (LOCK_DROP.test(detail) && !lockDrops.includes(operation)) lockDrops.push(operation);
      const m = SPTE_CHANGE.exec(detail);
      if (m && takesAway(m[2]!, m[3]!)) transition = `${operation}: L${m[1]} ${m[2]} → ${m[3]}`;
    }
  }
  const key = `${oracle} | ${transition} | ${path.join(' › ')} | drops: ${lockDrops.join(', ') || 'none'}`;
  return { oracle, transition, path, lockDrops, key };
}

/** Whether a SPTE change took write access or presence away. */
function takesAway(before: string, after: string): boolean {
  if (after.startsWith('not present') && !before.startsWith('not present')) return true;
  return /\bW=1\b/.test(before) && /\bW=0\b/.test(after);
}
