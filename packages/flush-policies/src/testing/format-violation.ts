import type { ConformanceCheck, ConformanceViolation } from './harness.js';

/** Traces are minimal already (the steps that touched the gfn); this bounds a pathological one. */
const MAX_TRACE_LINES = 80;

/** A violation and the trace that led to it, as the CLI prints them. */
export function formatViolation(where: string, violation: ConformanceViolation): string {
  const { kind, vcpu, gfn, step, message, trace } = violation;
  const head = `${where}: ${kind} violation at step ${step} (vcpu ${vcpu}, gfn ${gfn}): ${message}`;
  const shown = trace.slice(-MAX_TRACE_LINES);
  const skipped = trace.length - shown.length;
  const lines = shown.map(
    (s) => `    ${String(s.step).padStart(6)}  ${s.actor.padEnd(8)} ${s.operation}: ${s.detail}`,
  );
  return [
    head,
    '  trace:',
    ...(skipped > 0 ? [`    … ${skipped} earlier steps`] : []),
    ...lines,
  ].join('\n');
}

/** The explorer's shortest counterexample, step by step. */
export function formatCounterexample(report: ConformanceCheck): string {
  const v = report.violation;
  const head = v ? `${v.kind} violation: ${v.message}` : `verdict ${report.verdict}`;
  const steps = (report.steps ?? []).flatMap((s) =>
    s.events.map(
      (e) => `    ${String(s.n).padStart(3)} ${s.actor.padEnd(8)} ${e.operation}: ${e.detail}`,
    ),
  );
  return [`shortest counterexample (${report.steps?.length ?? 0} steps): ${head}`, ...steps].join(
    '\n',
  );
}
