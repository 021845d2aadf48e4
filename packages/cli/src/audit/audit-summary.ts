import {
  type AuditDocument,
  type AuditRootCause,
  type AuditVerdict,
  isKernelPolicy,
} from '@spte-lab/simulator';

export const AUDIT_VERDICTS: readonly AuditVerdict[] = ['safe', 'unsafe', 'incomplete', 'skipped'];

/** Root causes of a kernel policy that no finding names yet: triage still to do. */
export function undecidedCauses(doc: AuditDocument): AuditRootCause[] {
  return doc.rootCauses.filter((cause) => !cause.finding && cause.policies.some(isKernelPolicy));
}

/** What was decided about a root cause, in words every rendering uses. */
export function causeDecision(cause: AuditRootCause): string {
  if (cause.finding) return `decided: ${cause.finding}`;
  return cause.policies.some(isKernelPolicy)
    ? 'UNDECIDED: a kernel-policy root cause with no finding yet (triage it against the kernel)'
    : 'not a kernel policy';
}

/** Skipped entries counted by reason, in order of first appearance. */
export function skippedByReason(doc: AuditDocument): [string, number][] {
  const counts = new Map<string, number>();
  for (const e of doc.entries)
    if (e.verdict === 'skipped') counts.set(e.reason ?? '', (counts.get(e.reason ?? '') ?? 0) + 1);
  return [...counts];
}
