import { z } from 'zod';
import { pointKey } from './grid-point.js';
import { RESULT_SCHEMA_VERSION, type ResultDocument, VIOLATION_KINDS } from './result-document.js';

/**
 * The result document as a zod schema: validates documents when they are written and read,
 * and is the source of the published JSON Schema. Objects are strict (an unknown field is an
 * error) so that a typo or a stale reader never passes silently.
 */
const count = z.int().nonnegative();
const name = z.string().min(1);
const gridValue = z.union([z.string(), z.number(), z.boolean()]);

export const traceStepSchema = z.strictObject({
  step: count.describe('Global step number in the run'),
  actor: name.describe('vcpu0, vmm, host-mm, tracker, …'),
  operation: name.describe('Operation or hardware action, named after the kernel function'),
  detail: z.string().describe('What changed'),
});

export const violationSchema = z.strictObject({
  kind: z.enum(VIOLATION_KINDS),
  gfn: z.int().min(-1).describe('Guest frame number, or -1 for a VM-wide model error'),
  vcpu: z.int().min(-1).describe('vCPU whose access broke the rule, or -1'),
  step: count.describe('Step at which the oracle saw the violation'),
  message: name,
  trace: z.array(traceStepSchema).describe('Steps that led to the violation, oldest first'),
});

export const runResultSchema = z.strictObject({
  policy: name,
  scenario: name,
  point: z
    .record(name, gridValue)
    .optional()
    .describe("A sweep's grid point: the scenario parameters this run overrode"),
  seed: count,
  stats: z
    .record(name, z.number().nonnegative())
    .describe(
      "Counters keyed by KVM's stat names (remote_tlb_flush_requests, …) and spte-lab's own",
    ),
  flushesBySite: z
    .record(name, count)
    .optional()
    .describe(
      'remote_tlb_flush_requests by the kernel function that requested each; sums to stats.remote_tlb_flush_requests',
    ),
  rangeFlushesBySite: z
    .record(name, count)
    .optional()
    .describe('Range flushes by requesting function; sums to stats.remote_tlb_flush_ranges'),
  violations: z.array(violationSchema),
});

const costEntrySchema = z.strictObject({
  cycles: z.number().nonnegative(),
  source: name,
  estimate: z.boolean(),
});

const parametersSchema = z.strictObject({
  policies: z.array(name).min(1),
  scenarios: z.array(name).min(1),
  retention: z.enum(['adversarial', 'realistic']),
  baseline: name.optional().describe('Policy the ratios are taken against'),
  scenarioSettings: z
    .record(name, z.record(name, z.union([z.string(), z.number(), z.boolean()])))
    .optional()
    .describe('Per scenario: the sizes, SPTE format and MMU it ran with'),
  grid: z
    .array(z.strictObject({ parameter: name, values: z.array(gridValue).min(1) }))
    .min(1)
    .optional()
    .describe("A sweep's grid axes (scenario parameters and their values), first axis slowest"),
});

const shardSchema = z
  .strictObject({
    index: z.int().min(1).describe('i of --shard i/n, 1-based'),
    count: z.int().min(1).describe('n of --shard i/n'),
    runs: z.array(count).describe('Grid index of each run in runs[], in the same order'),
  })
  .describe('The slice of a sweep grid a shard document holds (spte-lab sweep --shard i/n)');

const documentShape = z.strictObject({
  schemaVersion: z.literal(RESULT_SCHEMA_VERSION),
  tool: z.strictObject({ name: z.literal('spte-lab'), version: name }),
  command: name.describe('Command line that produced the document'),
  seeds: z.array(count).min(1),
  parameters: parametersSchema,
  costModel: z.record(name, costEntrySchema).describe('Cycle costs behind the modelled cycles'),
  runs: z.array(runResultSchema),
  shard: shardSchema.optional(),
  missingRuns: z
    .array(count)
    .optional()
    .describe('Grid indices of the runs a partial merge lacks (spte-lab merge --allow-partial)'),
  extensions: z
    .array(z.strictObject({ plugin: name, tokens: z.array(name).min(1) }))
    .min(1)
    .optional()
    .describe('The DI tokens each plugin bound or rebound (COST_MODEL, GUEST_TLB_FACTORY, …)'),
});

/**
 * Cross-field rules JSON Schema cannot say: every run names a compared policy, scenario and
 * seed (and, in a sweep, a point of the grid), no policy × scenario × point × seed is run twice
 * (aggregation would count it twice), and a shard lists one grid index per run, ascending.
 */
export const resultDocumentSchema = documentShape
  .superRefine((doc, ctx) => {
    const policies = new Set(doc.parameters.policies);
    const scenarios = new Set(doc.parameters.scenarios);
    const seeds = new Set(doc.seeds);
    const grid = doc.parameters.grid;
    const seen = new Set<string>();
    doc.runs.forEach((run, i) => {
      const at = (field: string) => ['runs', i, field];
      if (!policies.has(run.policy)) {
        ctx.addIssue({
          code: 'custom',
          path: at('policy'),
          message: `'${run.policy}' is not in parameters.policies`,
        });
      }
      if (!scenarios.has(run.scenario)) {
        ctx.addIssue({
          code: 'custom',
          path: at('scenario'),
          message: `'${run.scenario}' is not in parameters.scenarios`,
        });
      }
      if (!seeds.has(run.seed)) {
        ctx.addIssue({ code: 'custom', path: at('seed'), message: `${run.seed} is not in seeds` });
      }
      const problem = pointProblem(run.point, grid);
      if (problem) ctx.addIssue({ code: 'custom', path: at('point'), message: problem });
      const key = JSON.stringify([run.policy, run.scenario, pointKey(run.point), run.seed]);
      if (seen.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['runs', i],
          message: `a second run of the same policy, scenario${grid ? ', grid point' : ''} and seed`,
        });
      }
      seen.add(key);
      sumProblem(
        run.flushesBySite,
        run.stats.remote_tlb_flush_requests,
        'remote_tlb_flush_requests',
        at('flushesBySite'),
        ctx,
      );
      sumProblem(
        run.rangeFlushesBySite,
        run.stats.remote_tlb_flush_ranges,
        'remote_tlb_flush_ranges',
        at('rangeFlushesBySite'),
        ctx,
      );
    });
    grid?.forEach((axis, a) => {
      if (grid.findIndex((other) => other.parameter === axis.parameter) !== a)
        ctx.addIssue({
          code: 'custom',
          path: ['parameters', 'grid', a, 'parameter'],
          message: `'${axis.parameter}' is a grid axis twice`,
        });
    });
    const shard = doc.shard;
    if (shard) {
      if (shard.index > shard.count)
        ctx.addIssue({
          code: 'custom',
          path: ['shard', 'index'],
          message: `shard ${shard.index} of ${shard.count} does not exist`,
        });
      if (shard.runs.length !== doc.runs.length)
        ctx.addIssue({
          code: 'custom',
          path: ['shard', 'runs'],
          message: `${shard.runs.length} grid indices for ${doc.runs.length} runs`,
        });
      if (shard.runs.some((r, k) => k > 0 && r <= shard.runs[k - 1]!))
        ctx.addIssue({
          code: 'custom',
          path: ['shard', 'runs'],
          message: 'grid indices must be ascending, each once',
        });
    }
  })
  .meta({
    $id: `urn:spte-lab:result:v${RESULT_SCHEMA_VERSION}`,
    title: 'spte-lab result document',
    description:
      'Runs of TLB-flush policies on seeded scenarios: per run the KVM stats and any lost guest write (violation) with its trace.',
  });

/** A per-site breakdown must add up to the stat it breaks down (absent stat: 0). */
function sumProblem(
  bySite: Readonly<Record<string, number>> | undefined,
  total: number | undefined,
  stat: string,
  path: (string | number)[],
  ctx: { addIssue(issue: { code: 'custom'; path: (string | number)[]; message: string }): void },
): void {
  if (bySite === undefined) return;
  const sum = Object.values(bySite).reduce((a, b) => a + b, 0);
  if (sum !== (total ?? 0))
    ctx.addIssue({
      code: 'custom',
      path,
      message: `sums to ${sum}, but stats.${stat} is ${total ?? 0}`,
    });
}

/** Why a run's point does not fit the grid: one value of every axis, and nothing else. */
function pointProblem(
  point: Readonly<Record<string, unknown>> | undefined,
  grid: readonly { parameter: string; values: readonly unknown[] }[] | undefined,
): string | undefined {
  if (!grid) return point === undefined ? undefined : 'a grid point, but parameters.grid is absent';
  if (point === undefined) return 'missing: parameters.grid is set, so every run has a point';
  for (const key of Object.keys(point))
    if (!grid.some((axis) => axis.parameter === key)) return `'${key}' is not a grid axis`;
  for (const axis of grid) {
    if (!(axis.parameter in point)) return `no value for grid axis '${axis.parameter}'`;
    if (!axis.values.includes(point[axis.parameter]))
      return `${JSON.stringify(point[axis.parameter])} is not a value of grid axis '${axis.parameter}'`;
  }
  return undefined;
}

// Compile-time proof that the schema and the interfaces describe the same document, both ways.
type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;
type Holds<T extends true> = T;
export type _SchemaFitsInterface = Holds<
  z.output<typeof resultDocumentSchema> extends ResultDocument ? true : false
>;
export type _InterfaceFitsSchema = Holds<
  Mutable<ResultDocument> extends z.input<typeof documentShape> ? true : false
>;
