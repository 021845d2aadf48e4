import type { AuditDocument, AuditEntry } from '@spte-lab/simulator';
import { AUDIT_VERDICTS, causeDecision, skippedByReason } from './audit-summary.js';

const COLOURS: Readonly<Record<AuditEntry['verdict'], string>> = {
  safe: '#2e7d32',
  unsafe: '#c62828',
  incomplete: '#f9a825',
  skipped: '#9e9e9e',
};
/** One letter per verdict, so the grid reads without colour too. */
const LETTERS: Readonly<Record<AuditEntry['verdict'], string>> = {
  safe: 'S',
  unsafe: 'U',
  incomplete: 'I',
  skipped: '–',
};

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The audit as one self-contained HTML page: per policy, the matrix as a grid (a row per
 * operation tuple, a column per remaining axis combination) coloured by verdict, each unsafe
 * square linking to its root cause, and each root cause with its shortest counterexample's trace.
 */
export function auditHtml(doc: AuditDocument): string {
  const causeIndex = new Map(doc.rootCauses.map((c, i) => [c.key, i + 1]));
  const body: string[] = [];
  const shard = doc.shard ? `, shard ${doc.shard.index}/${doc.shard.count}` : '';
  body.push(`<h1>spte-lab audit (budget ${escape(doc.budget)}${shard})</h1>`);
  body.push(
    `<p>${doc.totals.configurations} checks of ${escape(doc.policies.join(', '))}; ${doc.totals.states} states. ` +
      AUDIT_VERDICTS.map(
        (v) =>
          `<span class="sq" style="background:${COLOURS[v]}">${LETTERS[v]}</span> ${v} ${doc.totals[v]}`,
      ).join(' · ') +
      '</p>',
  );
  for (const policy of doc.policies) body.push(grid(doc, policy, causeIndex));
  body.push(`<h2>Root causes (${doc.rootCauses.length})</h2>`);
  doc.rootCauses.forEach((c, i) => {
    body.push(
      `<section id="cause-${i + 1}"><h3>${i + 1}. ${escape(c.oracle)}: <code>${escape(c.transition)}</code></h3>`,
    );
    body.push(
      `<p>path: ${c.path.map((p) => `<code>${escape(p)}</code>`).join(' › ')}<br>mmu_lock dropped by: ${escape(c.lockDrops.join(', ') || 'none')}<br>` +
        `policies: ${escape(c.policies.join(', '))}; ${c.occurrences.length} configuration(s)<br>${escape(causeDecision(c))}</p>`,
    );
    body.push(
      `<p>Shortest: ${c.shortest.steps} steps, ${escape(c.shortest.policy)} @ <code>${escape(c.shortest.cell)}</code>: ${escape(c.shortest.violation.message)}</p>`,
    );
    body.push(
      '<table class="trace"><tr><th>step</th><th>actor</th><th>operation</th><th>detail</th></tr>',
    );
    for (const s of c.shortest.violation.trace)
      body.push(
        `<tr><td>${s.step}</td><td>${escape(s.actor)}</td><td><code>${escape(s.operation)}</code></td><td>${escape(s.detail)}</td></tr>`,
      );
    body.push('</table></section>');
  });
  const skipped = skippedByReason(doc);
  if (skipped.length > 0) {
    body.push('<h2>Skipped</h2><ul>');
    for (const [reason, n] of skipped) body.push(`<li>${n} × ${escape(reason)}</li>`);
    body.push('</ul>');
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>spte-lab audit</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1rem;max-width:100%}
.wrap{overflow-x:auto}
table.grid{border-collapse:collapse;font-size:12px}
table.grid th{font-weight:normal;text-align:left;white-space:nowrap;padding:0 .4rem}
table.grid th.col{writing-mode:vertical-rl;transform:rotate(180deg);height:14rem}
.sq{display:inline-block;width:14px;height:14px;color:#fff;font-size:11px;text-align:center;line-height:14px}
table.grid td{padding:1px}
table.grid td a{text-decoration:none}
table.trace{border-collapse:collapse;font-size:12px}
table.trace td,table.trace th{border-bottom:1px solid #ddd;padding:2px 6px;text-align:left}
code{font-size:12px}
</style></head><body>
${body.join('\n')}
</body></html>
`;
}

function grid(doc: AuditDocument, policy: string, causeIndex: ReadonlyMap<string, number>): string {
  const entries = doc.entries.filter((e) => e.policy === policy);
  // A cell id is operations/format/mmu/split/mode/vCPUs/layout/writes: rows by operations.
  const split = (id: string) => {
    const slash = id.indexOf('/');
    return [id.slice(0, slash), id.slice(slash + 1)] as const;
  };
  const rows = [...new Set(entries.map((e) => split(e.cell)[0]))];
  const cols = [...new Set(entries.map((e) => split(e.cell)[1]))];
  const at = new Map(entries.map((e) => [e.cell, e]));
  const out = [`<h2>${escape(policy)}</h2><div class="wrap"><table class="grid"><tr><th></th>`];
  for (const c of cols) out.push(`<th class="col">${escape(c)}</th>`);
  out.push('</tr>');
  for (const r of rows) {
    out.push(`<tr><th>${escape(r)}</th>`);
    for (const c of cols) {
      const e = at.get(`${r}/${c}`);
      if (!e) {
        out.push('<td></td>');
        continue;
      }
      const title = escape(
        `${e.cell}: ${e.verdict}${e.reason ? ` (${e.reason})` : ''}; ${e.statesExplored} states`,
      );
      const square = `<span class="sq" style="background:${COLOURS[e.verdict]}" title="${title}">${LETTERS[e.verdict]}</span>`;
      const cause = e.rootCause ? causeIndex.get(e.rootCause) : undefined;
      out.push(`<td>${cause ? `<a href="#cause-${cause}">${square}</a>` : square}</td>`);
    }
    out.push('</tr>');
  }
  out.push('</table></div>');
  return out.join('');
}
