import type { ResultDocument } from '@spte-lab/reporter';

/** A document's declared runs that it does not hold: what `report` must not hide. */
export interface Completeness {
  /** Runs the document declares (policies × scenarios × seeds). */
  readonly expected: number;
  /** Those absent, as "policy/scenario/seed N", in declaration order. */
  readonly missing: readonly string[];
  /** The document itself lists runs it lacks (merge --allow-partial). */
  readonly declaredMissing: number;
}

/**
 * Checks that every policy × scenario × seed the document declares has a run. Extra per-run
 * fields (a sweep's grid point, fields a newer schema adds) are ignored: only the three names
 * are compared, so a sweep's run for any grid point covers its triple.
 */
export function completenessOf(doc: ResultDocument): Completeness {
  const present = new Set(doc.runs.map((r) => `${r.policy}\u0000${r.scenario}\u0000${r.seed}`));
  const missing: string[] = [];
  for (const policy of doc.parameters.policies) {
    for (const scenario of doc.parameters.scenarios) {
      for (const seed of doc.seeds) {
        if (!present.has(`${policy}\u0000${scenario}\u0000${seed}`))
          missing.push(`${policy}/${scenario}/seed ${seed}`);
      }
    }
  }
  const listed = (doc as { missingRuns?: unknown }).missingRuns;
  return {
    expected: doc.parameters.policies.length * doc.parameters.scenarios.length * doc.seeds.length,
    missing,
    declaredMissing: Array.isArray(listed) ? listed.length : 0,
  };
}

/**
 * One line saying what is missing, or undefined for a complete document. A partial merge that
 * lists its missing runs (missingRuns) is not a lie: its report says so in the footer, so it
 * is `flagged`, not refused.
 */
export function incompleteness(
  doc: ResultDocument,
): { readonly problem: string; readonly flagged: boolean } | undefined {
  const c = completenessOf(doc);
  if (doc.runs.length === 0) return { problem: 'it holds no runs (runs: [])', flagged: false };
  if (c.declaredMissing > 0)
    return {
      problem: `it is a partial merge: ${c.declaredMissing} runs are missing (listed in missingRuns)`,
      flagged: true,
    };
  if (c.missing.length > 0) {
    const shown = c.missing.slice(0, 3).join(', ');
    const more = c.missing.length > 3 ? `, and ${c.missing.length - 3} more` : '';
    return {
      problem: `${c.missing.length} of the ${c.expected} runs it declares are missing (${shown}${more})`,
      flagged: false,
    };
  }
  return undefined;
}
