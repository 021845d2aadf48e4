import { z } from 'zod';
import { resultDocumentSchema } from './schema.js';

/**
 * The result document as JSON Schema (draft 2020-12), for tools that do not use this package.
 * The same object is published as `@spte-lab/reporter/schema/result.schema.json`; a test keeps
 * the file equal to this function's output (`npm run schema` regenerates it).
 */
export function resultJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(resultDocumentSchema, { target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
}
