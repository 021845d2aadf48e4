import type { AuditDocument } from '@spte-lab/simulator';
import { AUDIT_VERDICTS as VERDICTS, causeDecision, skippedByReason } from './audit-summary.js';

/**
 * The audit for a terminal: verdict counts per policy, each root cause with its signature, its
 * decision and its shortest counterexample, then every configuration that is not safe (none is
 * left out: skipped ones are counted by reason).
 */
export function auditText(doc: AuditDocument): string {
  const lines: string[] = [];
  const shard = doc.shard ? `, shard ${doc.shard.index}/${doc.shard.count}` : '';
  lines.push(
    `spte-lab audit (budget ${doc.budget}${shard}): ${doc.totals.configurations} checks of ${doc.policies.join(', ')}; ` +
      `${doc.totals.states} states, ${doc.totals.transitions} transitions`,
  );
  lines.push('');
  lines.push(
    ['policy', ...VERDICTS]
      .map((h) => h.padEnd(12))
      .join('')
      .trimEnd(),
  );
  for (const policy of doc.policies) {
    const mine = doc.entries.filter((e) => e.policy === policy);
    const counts = VERDICTS.map((v) => String(mine.filter((e) => e.verdict === v).length));
    lines.push(
      [policy, ...counts]
        .map((c) => c.padEnd(12))
        .join('')
        .trimEnd(),
    );
  }
  lines.push('');
  if (doc.rootCauses.length === 0)
    lines.push('Root causes: none (no counterexample in any configuration).');
  else lines.push(`Root causes: ${doc.rootCauses.length}`);
  doc.rootCauses.forEach((cause, i) => {
    const decision = causeDecision(cause);
    lines.push(`${i + 1}. ${cause.oracle}: ${cause.transition}`);
    lines.push(`   path: ${cause.path.join(' › ')}`);
    lines.push(`   mmu_lock dropped by: ${cause.lockDrops.join(', ') || 'none'}`);
    lines.push(
      `   policies: ${cause.policies.join(', ')}; ${cause.occurrences.length} configuration(s); ${decision}`,
    );
    lines.push(
      `   shortest: ${cause.shortest.steps} steps, ${cause.shortest.policy} @ ${cause.shortest.cell}: ${cause.shortest.violation.message}`,
    );
  });
  const notSafe = doc.entries.filter((e) => e.verdict === 'unsafe' || e.verdict === 'incomplete');
  if (notSafe.length > 0) {
    lines.push('');
    lines.push('Configurations without a safe verdict:');
    for (const e of notSafe)
      lines.push(
        `  ${e.verdict.padEnd(10)} ${e.policy} @ ${e.cell}${e.reason ? ` (${e.reason})` : ''}`,
      );
  }
  const skipped = skippedByReason(doc);
  if (skipped.length > 0) {
    lines.push('');
    lines.push(
      "Skipped ('kernel:' the kernel cannot produce it; 'layout:' the explorer cannot express it):",
    );
    for (const [reason, n] of skipped) lines.push(`  ${String(n).padStart(5)} × ${reason}`);
  }
  return `${lines.join('\n')}\n`;
}
