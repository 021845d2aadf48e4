import type { RunResult, Violation } from '@spte-lab/reporter';
import { createRng, type WorkloadEvent } from '@spte-lab/workload-gen';
import type { RunInput } from '../run/run-input.js';
import { ddmin } from './ddmin.js';

/** What `shrinkRun` found: the smallest event stream that still breaks the policy. */
export interface ShrinkResult {
  readonly originalEvents: number;
  readonly events: readonly WorkloadEvent[];
  /** The violation the shrunk stream produces (same kind as the one asked for). */
  readonly violation: Violation;
  /** Runs tried while shrinking. */
  readonly runs: number;
}

/**
 * Shrinks a violating run's event stream with delta debugging: every candidate is a full run
 * with the same policy, scenario, seed and parameters, fed the candidate events (the scheduler
 * keeps its own seeded stream), and counts if it reproduces a violation of the same kind.
 * Returns `undefined` when the run does not violate in the first place.
 */
export function shrinkRun(
  input: RunInput,
  run: (input: RunInput) => RunResult,
  kind?: Violation['kind'],
): ShrinkResult | undefined {
  const params = { ...input.scenario.defaults, ...input.params };
  const events = [...(input.events ?? input.scenario.events(params, createRng(input.seed)))];
  const first = run({ ...input, events }).violations.find(
    (v) => kind === undefined || v.kind === kind,
  );
  if (!first) return undefined;
  let runs = 1;
  const fails = (candidate: readonly WorkloadEvent[]) => {
    runs++;
    return run({ ...input, events: candidate }).violations.some((v) => v.kind === first.kind);
  };
  const shrunk = ddmin(events, fails);
  const violation = run({ ...input, events: shrunk }).violations.find(
    (v) => v.kind === first.kind,
  )!;
  return { originalEvents: events.length, events: shrunk, violation, runs };
}
