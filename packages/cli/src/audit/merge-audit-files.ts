import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type AuditDocument, auditDocumentSchema, mergeAudits } from '@spte-lab/simulator';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { type AuditFormat, emitAudit } from './audit-formats.js';

/** Whether a file holds an audit document (its "kind"), so `merge` can tell audits from sweeps. */
export async function isAuditFile(file: string, io: CliIo): Promise<boolean> {
  try {
    const doc = JSON.parse(await readFile(resolve(io.cwd, file), 'utf8')) as { kind?: unknown };
    return doc?.kind === 'spte-lab-audit';
  } catch {
    // Not readable or not JSON: the result-document reader names the problem.
    return false;
  }
}

/**
 * `spte-lab merge` of `audit --shard i/n` documents: validated, merged into the document the
 * unsharded audit writes, written with --out (JSON) and printed in --format (table: the text).
 */
export async function mergeAuditFiles(
  files: readonly string[],
  options: { readonly out?: string; readonly format: AuditFormat },
  io: CliIo,
): Promise<AuditDocument> {
  const shards: { file: string; doc: AuditDocument }[] = [];
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(resolve(io.cwd, file), 'utf8'));
    } catch (error) {
      throw new CliError(`merge: cannot read '${file}': ${(error as Error).message}`);
    }
    const parsed = auditDocumentSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new CliError(
        `merge: ${file}: not an audit document: ${issue.path.join('.') || '(top)'}: ${issue.message}`,
      );
    }
    // The schema checks the axes for shape only: the rest of their type is trusted.
    shards.push({ file, doc: parsed.data as unknown as AuditDocument });
  }
  let merged: AuditDocument;
  try {
    merged = mergeAudits(shards);
  } catch (error) {
    throw new CliError(`merge: ${(error as Error).message}`);
  }
  await emitAudit(merged, options, io);
  return merged;
}
