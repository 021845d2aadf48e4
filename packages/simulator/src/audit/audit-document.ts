import type { Violation } from '@spte-lab/reporter';
import type { CheckReport, ReplayFile } from '../explore/check-report.js';
import type { AuditAxes, AuditCell } from './audit-matrix.js';
import { findingFor } from './decided-root-causes.js';
import { rootCauseSignature, type RootCauseSignature } from './root-cause.js';

export const AUDIT_SCHEMA_VERSION = 1;

export type AuditVerdict = 'safe' | 'unsafe' | 'incomplete' | 'skipped';

/** One configuration × policy of the audit and what `check` said about it. */
export interface AuditEntry {
  readonly cell: string;
  readonly policy: string;
  readonly verdict: AuditVerdict;
  /** Why it was skipped, why the search stopped, or where the bound cut. */
  readonly reason?: string;
  readonly statesExplored: number;
  readonly transitions: number;
  readonly depthReached: number;
  readonly maxDepth: number;
  readonly seconds: number;
  /** For 'unsafe': the root cause's key. */
  readonly rootCause?: string;
}

/** Counterexamples with one signature, across configurations and policies. */
export interface AuditRootCause extends Omit<RootCauseSignature, 'key'> {
  readonly key: string;
  readonly policies: readonly string[];
  /** Every configuration (cell id) it occurs in, per policy as `policy @ cell`. */
  readonly occurrences: readonly string[];
  /** The shortest counterexample: where, what broke, and a file `run --replay` reproduces. */
  readonly shortest: {
    readonly policy: string;
    readonly cell: string;
    readonly steps: number;
    readonly violation: Violation;
    readonly replay: ReplayFile;
  };
  /** The finding document it was decided as (kernel policies), relative to the repository. */
  readonly finding?: string;
}

export interface AuditDocument {
  readonly kind: 'spte-lab-audit';
  readonly schemaVersion: typeof AUDIT_SCHEMA_VERSION;
  readonly budget: string;
  readonly policies: readonly string[];
  readonly axes: AuditAxes;
  /** `--shard i/n`: this document holds the cells whose index is i-1 modulo n. */
  readonly shard?: { readonly index: number; readonly count: number };
  readonly entries: readonly AuditEntry[];
  readonly rootCauses: readonly AuditRootCause[];
  readonly totals: Readonly<Record<AuditVerdict, number>> & {
    readonly configurations: number;
    readonly states: number;
    readonly transitions: number;
  };
}

/** A cell's outcome for one policy: a check report, or the reason the cell was skipped. */
export type AuditOutcome =
  | { readonly cell: AuditCell; readonly policy: string; readonly report: CheckReport }
  | { readonly cell: AuditCell; readonly policy: string; readonly skipped: string };

/** The audit document of a set of outcomes: entries in order, root causes grouped by signature. */
export function buildAuditDocument(
  header: Pick<AuditDocument, 'budget' | 'policies' | 'axes' | 'shard'>,
  outcomes: readonly AuditOutcome[],
): AuditDocument {
  const entries: AuditEntry[] = [];
  const causes = new Map<string, AuditRootCause>();
  for (const o of outcomes) {
    if ('skipped' in o) {
      entries.push({
        cell: o.cell.id,
        policy: o.policy,
        verdict: 'skipped',
        reason: o.skipped,
        statesExplored: 0,
        transitions: 0,
        depthReached: 0,
        maxDepth: o.cell.spec.maxDepth,
        seconds: 0,
      });
      continue;
    }
    const r = o.report;
    const signature = r.verdict === 'unsafe' ? rootCauseSignature(r) : undefined;
    entries.push({
      cell: o.cell.id,
      policy: o.policy,
      verdict: r.verdict,
      ...(r.reason ? { reason: r.reason } : {}),
      statesExplored: r.statesExplored,
      transitions: r.transitions,
      depthReached: r.depthReached,
      maxDepth: r.maxDepth,
      seconds: r.seconds,
      ...(signature ? { rootCause: signature.key } : {}),
    });
    if (signature && r.violation && r.replay) addOccurrence(causes, signature, o, r);
  }
  return {
    kind: 'spte-lab-audit',
    schemaVersion: AUDIT_SCHEMA_VERSION,
    ...header,
    entries,
    rootCauses: [...causes.values()],
    totals: auditTotals(entries),
  };
}

function addOccurrence(
  causes: Map<string, AuditRootCause>,
  signature: RootCauseSignature,
  o: { readonly cell: AuditCell; readonly policy: string },
  r: CheckReport,
): void {
  const shortest = {
    policy: o.policy,
    cell: o.cell.id,
    steps: r.replay!.schedule.length,
    violation: r.violation!,
    replay: r.replay!,
  };
  const known = causes.get(signature.key);
  const finding = known?.finding ?? (isKernelPolicy(o.policy) ? findingFor(signature) : undefined);
  causes.set(signature.key, {
    ...signature,
    policies: !known
      ? [o.policy]
      : known.policies.includes(o.policy)
        ? known.policies
        : [...known.policies, o.policy],
    occurrences: [...(known?.occurrences ?? []), `${o.policy} @ ${o.cell.id}`],
    shortest: known && known.shortest.steps <= shortest.steps ? known.shortest : shortest,
    ...(finding ? { finding } : {}),
  });
}

/** The kernel's own policies (kvm-v6.12, kvm-v6.13 and their variants): their root causes need a decision. */
export function isKernelPolicy(policy: string): boolean {
  return policy.startsWith('kvm-');
}

/** Verdict counts, states and transitions of a list of entries. */
export function auditTotals(entries: readonly AuditEntry[]): AuditDocument['totals'] {
  const t = { safe: 0, unsafe: 0, incomplete: 0, skipped: 0 };
  let states = 0;
  let transitions = 0;
  for (const e of entries) {
    t[e.verdict]++;
    states += e.statesExplored;
    transitions += e.transitions;
  }
  return { ...t, configurations: entries.length, states, transitions };
}
