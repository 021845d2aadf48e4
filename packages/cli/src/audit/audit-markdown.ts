import type { AuditDocument } from '@spte-lab/simulator';
import { AUDIT_VERDICTS, causeDecision, skippedByReason } from './audit-summary.js';

/** Pipes and line breaks would end a Markdown table cell. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The audit as Markdown (an issue, a pull request, a wiki): the same content as the text. */
export function auditMarkdown(doc: AuditDocument): string {
  const out: string[] = [];
  const shard = doc.shard ? `, shard ${doc.shard.index}/${doc.shard.count}` : '';
  out.push(`# spte-lab audit (budget ${doc.budget}${shard})`, '');
  out.push(
    `${doc.totals.configurations} checks of ${doc.policies.join(', ')}; ${doc.totals.states} states, ${doc.totals.transitions} transitions.`,
    '',
  );
  out.push(
    `| policy | ${AUDIT_VERDICTS.join(' | ')} |`,
    `|---|${AUDIT_VERDICTS.map(() => '--:').join('|')}|`,
  );
  for (const policy of doc.policies) {
    const mine = doc.entries.filter((e) => e.policy === policy);
    out.push(
      `| ${policy} | ${AUDIT_VERDICTS.map((v) => mine.filter((e) => e.verdict === v).length).join(' | ')} |`,
    );
  }
  out.push('', `## Root causes (${doc.rootCauses.length})`, '');
  doc.rootCauses.forEach((c, i) => {
    out.push(`### ${i + 1}. ${c.oracle}: \`${c.transition}\``, '');
    out.push(`- path: ${c.path.map((p) => `\`${p}\``).join(' › ')}`);
    out.push(
      `- \`mmu_lock\` dropped by: ${c.lockDrops.map((p) => `\`${p}\``).join(', ') || 'none'}`,
    );
    out.push(`- policies: ${c.policies.join(', ')}; ${c.occurrences.length} configuration(s)`);
    out.push(`- ${causeDecision(c)}`);
    out.push(
      `- shortest: ${c.shortest.steps} steps, ${c.shortest.policy} @ \`${c.shortest.cell}\`: ${c.shortest.violation.message}`,
      '',
    );
  });
  const notSafe = doc.entries.filter((e) => e.verdict === 'unsafe' || e.verdict === 'incomplete');
  if (notSafe.length > 0) {
    out.push(
      '## Configurations without a safe verdict',
      '',
      '| verdict | policy | configuration | reason |',
      '|---|---|---|---|',
    );
    for (const e of notSafe)
      out.push(`| ${e.verdict} | ${e.policy} | \`${e.cell}\` | ${cell(e.reason ?? '')} |`);
    out.push('');
  }
  const skipped = skippedByReason(doc);
  if (skipped.length > 0) {
    out.push('## Skipped', '', '| configurations | reason |', '|--:|---|');
    for (const [reason, n] of skipped) out.push(`| ${n} | ${cell(reason)} |`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
