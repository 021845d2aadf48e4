import type { AuditDocument, AuditEntry, AuditRootCause } from './audit-document.js';
import { auditTotals } from './audit-document.js';

/**
 * The audit `spte-lab audit` writes without `--shard`, from all n of its shards (in any order):
 * entries back in matrix order (shard i holds the jobs ≡ i − 1 mod n), root causes merged by
 * signature with their occurrences in that order and the shortest counterexample the unsharded
 * audit would pick (fewest steps, the earliest in matrix order on a tie). Throws a one-line
 * Error naming the file for shards of different audits, repeated or missing shards.
 */
export function mergeAudits(
  shards: readonly { file: string; doc: AuditDocument }[],
): AuditDocument {
  const first = shards[0];
  if (!first) throw new Error('no audit shards to merge');
  const n = first.doc.shard?.count;
  const byIndex = new Map<number, AuditDocument>();
  const same = (d: AuditDocument) =>
    JSON.stringify([d.budget, d.policies, d.axes]) ===
    JSON.stringify([first.doc.budget, first.doc.policies, first.doc.axes]);
  for (const { file, doc } of shards) {
    if (!doc.shard || doc.shard.count !== n)
      throw new Error(
        `${file}: not shard i/${n ?? 'n'} of the same audit (audit --shard i/n writes one)`,
      );
    if (!same(doc))
      throw new Error(
        `${file}: a shard of a different audit (budget, policies or axes differ from ${first.file})`,
      );
    if (byIndex.has(doc.shard.index))
      throw new Error(`${file}: shard ${doc.shard.index}/${n} is given twice`);
    byIndex.set(doc.shard.index, doc);
  }
  const missing = Array.from({ length: n! }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0)
    throw new Error(
      `shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${n}`).join(', ')} missing`,
    );
  const total = [...byIndex.values()].reduce((sum, d) => sum + d.entries.length, 0);
  const entries: AuditEntry[] = [];
  for (let k = 0; k < total; k++)
    entries.push(byIndex.get((k % n!) + 1)!.entries[Math.floor(k / n!)]!);
  const { shard: _shard, ...header } = first.doc;
  return {
    ...header,
    entries,
    rootCauses: mergedRootCauses(entries, [...byIndex.values()]),
    totals: auditTotals(entries),
  };
}

function mergedRootCauses(
  entries: readonly AuditEntry[],
  docs: readonly AuditDocument[],
): AuditRootCause[] {
  const candidates = new Map<string, AuditRootCause[]>();
  for (const d of docs)
    for (const c of d.rootCauses) candidates.set(c.key, [...(candidates.get(c.key) ?? []), c]);
  const position = new Map(entries.map((e, i) => [`${e.policy} @ ${e.cell}`, i]));
  const out: AuditRootCause[] = [];
  const seen = new Set<string>();
  for (const e of entries) {
    if (!e.rootCause || seen.has(e.rootCause)) continue;
    seen.add(e.rootCause);
    const parts = candidates.get(e.rootCause)!;
    const at = (c: AuditRootCause) => position.get(`${c.shortest.policy} @ ${c.shortest.cell}`)!;
    const shortest = parts.reduce((best, c) =>
      c.shortest.steps < best.shortest.steps ||
      (c.shortest.steps === best.shortest.steps && at(c) < at(best))
        ? c
        : best,
    ).shortest;
    const mine = entries.filter((x) => x.rootCause === e.rootCause);
    const occurrences = mine.map((x) => `${x.policy} @ ${x.cell}`);
    const policies = [...new Set(mine.map((x) => x.policy))];
    const finding = parts.find((c) => c.finding)?.finding;
    out.push({ ...parts[0]!, policies, occurrences, shortest, ...(finding ? { finding } : {}) });
  }
  return out;
}
