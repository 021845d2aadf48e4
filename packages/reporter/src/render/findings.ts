import type { Comparison } from '../comparison/comparison.js';
import type { GridPoint, RunResult, Violation } from '../result/result-document.js';
import { plural } from './format.js';

/** The violations of one policy in one scenario, over all its seeds. */
export interface Finding {
  readonly scenario: string;
  /** A sweep's grid point, when the runs had one. */
  readonly point?: GridPoint;
  /** The scenario, and its grid point, as the views name it. */
  readonly title: string;
  readonly policy: string;
  readonly total: number;
  readonly seedsWithViolations: number;
  readonly seeds: number;
  /** Count per violation kind, in first-seen order. */
  readonly kinds: ReadonlyMap<string, number>;
  /** The earliest violation of the lowest violating seed, with its run. */
  readonly first: { readonly run: RunResult; readonly violation: Violation };
}

export function findings(comparison: Comparison): Finding[] {
  const out: Finding[] = [];
  for (const group of comparison.groups) {
    for (const row of group.rows) {
      const runs = [...row.violatingRuns].sort((a, b) => a.seed - b.seed);
      const firstRun = runs[0];
      if (!firstRun) continue;
      const kinds = new Map<string, number>();
      let total = 0;
      for (const run of runs) {
        for (const v of run.violations) {
          kinds.set(v.kind, (kinds.get(v.kind) ?? 0) + 1);
          total++;
        }
      }
      const violation = [...firstRun.violations].sort((a, b) => a.step - b.step)[0]!;
      out.push({
        scenario: group.scenario,
        ...(group.point ? { point: group.point } : {}),
        title: group.title,
        policy: row.policy,
        total,
        seedsWithViolations: runs.length,
        seeds: row.seeds.length,
        kinds,
        first: { run: firstRun, violation },
      });
    }
  }
  return out;
}

/** "8 violations in 1 of 1 seeds (migration 8)". */
export function describeFinding(f: Finding): string {
  const kinds = [...f.kinds].map(([kind, n]) => `${kind} ${n}`).join(', ');
  return `${plural(f.total, 'violation')} in ${f.seedsWithViolations} of ${plural(f.seeds, 'seed')} (${kinds})`;
}

/** "seed 1, step 498: <message>" (the oracle's message names the gfn). */
export function describeFirst(f: Finding): string {
  const v = f.first.violation;
  return `seed ${f.first.run.seed}, step ${v.step}: ${v.message}`;
}

/** Plain-text lines for the terminal table and Markdown: the verdict first, then each finding. */
export function findingLines(list: readonly Finding[]): string[] {
  if (list.length === 0)
    return ['No violations: no policy lost a guest write or broke an invariant in any run.'];
  return [
    `Violations in ${plural(list.length, 'policy × scenario pair')}:`,
    ...list.map(
      (f) => `- ${f.policy} on ${f.title}: ${describeFinding(f)}; first at ${describeFirst(f)}`,
    ),
  ];
}
