import { resolve } from 'node:path';
import type { AuditDocument } from '@spte-lab/simulator';
import type { CliIo } from '../io.js';
import { writeTextOutput } from '../output.js';
import { auditHtml } from './audit-html.js';
import { auditMarkdown } from './audit-markdown.js';
import { auditText } from './audit-text.js';

export const AUDIT_FORMATS = ['text', 'json', 'md', 'html'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

/** The audit in a format. */
export function renderAudit(doc: AuditDocument, format: AuditFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(doc, null, 2)}\n`;
    case 'md':
      return auditMarkdown(doc);
    case 'html':
      return auditHtml(doc);
    case 'text':
      return auditText(doc);
  }
}

/** `merge --format` (a result format) as an audit format: table, csv and anything else → text. */
export function auditFormat(format: string | undefined): AuditFormat {
  return format === 'json' || format === 'md' || format === 'html' ? format : 'text';
}

/** Writes the document (JSON) to `out`, if given, atomically, and prints it in `format`. */
export async function emitAudit(
  doc: AuditDocument,
  options: { readonly out?: string; readonly format: AuditFormat },
  io: CliIo,
): Promise<void> {
  if (options.out)
    await writeTextOutput(
      resolve(io.cwd, options.out),
      options.out,
      renderAudit(doc, 'json'),
      io.out,
    );
  io.out(renderAudit(doc, options.format));
}
