import { violationSchema } from '@spte-lab/reporter';
import { z } from 'zod';
import { AUDIT_SCHEMA_VERSION } from './audit-document.js';

/**
 * The audit document as a zod schema (issue 19 item 6): `spte-lab merge` and other readers
 * validate with it, and `auditJsonSchema()` publishes it. Entries, root causes and totals are
 * strict; the axes and the replay file have their own types and are checked for shape only.
 */
const count = z.int().nonnegative();
const name = z.string().min(1);
const verdict = z.enum(['safe', 'unsafe', 'incomplete', 'skipped']);

const entrySchema = z.strictObject({
  cell: name.describe('The configuration: operations/format/mmu/split/mode/vCPUs/layout/writes'),
  policy: name,
  verdict,
  reason: z.string().optional().describe('Why skipped, why incomplete, or where the bound cut'),
  statesExplored: count,
  transitions: count,
  depthReached: count,
  maxDepth: count,
  seconds: z.number().nonnegative(),
  rootCause: name.optional().describe("For 'unsafe': the root cause's key"),
});

const rootCauseSchema = z.strictObject({
  key: name,
  oracle: name,
  transition: name.describe('The last change on the path that took W or presence away'),
  path: z.array(name).describe('Kernel functions on the path, in order of first appearance'),
  lockDrops: z.array(name).describe('Functions on the path that released mmu_lock'),
  policies: z.array(name).min(1),
  occurrences: z.array(name).min(1).describe('policy @ configuration, for every occurrence'),
  shortest: z.strictObject({
    policy: name,
    cell: name,
    steps: count,
    violation: violationSchema,
    replay: z
      .looseObject({ kind: z.literal('spte-lab-schedule'), schemaVersion: z.literal(1) })
      .describe('A file `spte-lab run --replay` reproduces'),
  }),
  finding: name.optional().describe('The finding under docs/findings/ it was decided as'),
});

export const auditDocumentSchema = z.strictObject({
  kind: z.literal('spte-lab-audit'),
  schemaVersion: z.literal(AUDIT_SCHEMA_VERSION),
  budget: name,
  policies: z.array(name).min(1),
  axes: z.looseObject({
    operations: z.array(name),
    tupleSize: z.union([z.literal(2), z.literal(3)]),
  }),
  shard: z.strictObject({ index: z.int().min(1), count: z.int().min(1) }).optional(),
  entries: z.array(entrySchema),
  rootCauses: z.array(rootCauseSchema),
  totals: z.strictObject({
    safe: count,
    unsafe: count,
    incomplete: count,
    skipped: count,
    configurations: count,
    states: count,
    transitions: count,
  }),
});

/** The audit document as JSON Schema (draft 2020-12), for tools that do not use this package. */
export function auditJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(auditDocumentSchema, { target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
}
