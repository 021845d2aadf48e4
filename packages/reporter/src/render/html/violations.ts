import type { Finding } from '../findings.js';
import { describeFinding } from '../findings.js';
import type { RunResult, Violation } from '../../result/result-document.js';
import { pointKey } from '../../result/grid-point.js';
import { esc } from './escape.js';

/**
 * Traces drawn per policy × scenario pair, and in all; the rest are left to the result document
 * embedded in the page. A trace is ~4 KiB of HTML: 200 of them made a three-seed default report
 * weigh 0.8 MiB for this section alone (issue 21).
 */
export const MAX_TRACES_PER_FINDING = 2;
export const MAX_TRACES = 60;

/**
 * Every violation with its trace as a table of steps, oldest first, ending with the oracle's
 * verdict. Each is a <details>; the first is open so a reader lands on one worked example.
 */
export function violationsSection(list: readonly Finding[], runs: readonly RunResult[]): string {
  if (list.length === 0) {
    return '<section id="violations"><h2>Violations</h2><p class="ok">✓ None: no policy lost a guest write or broke an invariant in any run.</p></section>';
  }
  const items: string[] = [];
  let shown = 0;
  let total = 0;
  for (const finding of list) {
    const violating = runs
      .filter(
        (r) =>
          r.policy === finding.policy &&
          r.scenario === finding.scenario &&
          pointKey(r.point) === pointKey(finding.point) &&
          r.violations.length > 0,
      )
      .sort((a, b) => a.seed - b.seed);
    const details: string[] = [];
    let ofFinding = 0;
    for (const run of violating) {
      for (const v of run.violations) {
        total++;
        if (shown >= MAX_TRACES || ofFinding >= MAX_TRACES_PER_FINDING) continue;
        ofFinding++;
        details.push(violationDetails(run, v, shown === 0));
        shown++;
      }
    }
    items.push(
      `<article class="finding"><h3>✗ ${esc(finding.policy)} on ${esc(finding.title)}</h3><p>${esc(describeFinding(finding))}</p>${details.join('\n')}</article>`,
    );
  }
  const more =
    total > shown
      ? `<p class="note">${total - shown} more violations are not drawn here (at most ${MAX_TRACES_PER_FINDING} per policy × scenario and ${MAX_TRACES} in all are); all of them, with traces, are in the result document embedded in this page (<code>spte-lab report this.html --format json</code>).</p>`
      : '';
  return `<section id="violations"><h2>Violations</h2><p class="bad">Guest writes lost or invariants broken in ${list.length} policy × scenario ${list.length === 1 ? 'pair' : 'pairs'}.</p>${items.join('\n')}${more}</section>`;
}

function violationDetails(run: RunResult, v: Violation, open: boolean): string {
  const where = [
    `seed ${run.seed}`,
    `step ${v.step}`,
    v.gfn >= 0 ? `gfn ${v.gfn}` : '',
    v.vcpu >= 0 ? `vcpu${v.vcpu}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const steps = v.trace.map(
    (s, i) =>
      `<tr><td class="num">${i + 1}</td><td class="num">${s.step}</td><td>${esc(s.actor)}</td><td><code>${esc(s.operation)}</code></td><td>${esc(s.detail)}</td></tr>`,
  );
  const verdict = `<tr class="verdict"><td class="num">→</td><td class="num">${v.step}</td><td>oracle</td><td><code>${esc(v.kind)}</code></td><td>${esc(v.message)}</td></tr>`;
  return (
    `<details class="violation"${open ? ' open' : ''}><summary><span class="kind">${esc(v.kind)}</span> ${esc(where)}: ${esc(v.message)}</summary>` +
    `<div class="scroll"><table class="trace"><thead><tr><th class="num">#</th><th class="num">step</th><th>actor</th><th>operation</th><th>detail</th></tr></thead>` +
    `<tbody>${steps.join('')}${verdict}</tbody></table></div></details>`
  );
}
