import type { z } from 'zod';
import {
  READABLE_SCHEMA_VERSIONS,
  RESULT_SCHEMA_VERSION,
  type ResultDocument,
} from './result-document.js';
import { resultDocumentSchema } from './schema.js';

/** A document that is not valid JSON or not a valid result document; the message is one line. */
export class ResultDocumentError extends Error {
  override readonly name = 'ResultDocumentError';
}

/** How many problems one message lists before "and N more". */
const MAX_ISSUES = 3;

/** `runs[0].stats.ipis`: the path as a reader would type it into jq or JavaScript. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(String(key))) out += `${out ? '.' : ''}${String(key)}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || '(top level)';
}

function describe(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, MAX_ISSUES).map((i) => `${issuePath(i.path)}: ${i.message}`);
  const more = issues.length > MAX_ISSUES ? `; and ${issues.length - MAX_ISSUES} more` : '';
  return `${shown.join('; ')}${more}`;
}

/**
 * Validates a document about to be written or just read. Throws a ResultDocumentError that
 * names `sourceName`, each bad field's path and its problem.
 */
export function validateResultDocument(value: unknown, sourceName: string): ResultDocument {
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (
    typeof value === 'object' &&
    value !== null &&
    !READABLE_SCHEMA_VERSIONS.includes(version as number)
  ) {
    // Say "wrong version" rather than list every field a future version may have changed.
    throw new ResultDocumentError(
      `${sourceName}: schemaVersion is ${JSON.stringify(version)}, this spte-lab reads schemaVersion ${READABLE_SCHEMA_VERSIONS.slice(0, -1).join(', ')} or ${READABLE_SCHEMA_VERSIONS.at(-1)}`,
    );
  }
  // Versions 1 and 2 differ only in lacking fields (per-site flush counts, extensions): read
  // them as the current version without.
  const upgraded =
    version !== RESULT_SCHEMA_VERSION && READABLE_SCHEMA_VERSIONS.includes(version as number)
      ? { ...(value as object), schemaVersion: RESULT_SCHEMA_VERSION }
      : value;
  const result = resultDocumentSchema.safeParse(upgraded);
  if (!result.success) {
    throw new ResultDocumentError(
      `${sourceName}: not a valid spte-lab result: ${describe(result.error.issues)}`,
    );
  }
  return result.data;
}

/** Parses and validates a result document from its JSON text (a file, stdin, an HTML report). */
export function readResultDocument(text: string, sourceName: string): ResultDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ResultDocumentError(`${sourceName}: not valid JSON (${reason})`);
  }
  return validateResultDocument(value, sourceName);
}
