import { z } from 'zod';
import { defaultCostModel, mergeCostModel, validateCostOverrides } from './cost/cost-model.js';
import type { CostModel, CostModelOverrides } from './cost/cost-model.js';
import { DEFAULT_GEOMETRY, GEOMETRY_ARRAYS } from './tlb/geometry.js';
import type { ArrayGeometry, TlbGeometry } from './tlb/geometry.js';
import type { ReplacementPolicy } from './tlb/replacement.js';

export type Retention = 'realistic' | 'adversarial';
export type WalkKind = '2d' | 'native';

/** What `new TlbModel(options, walker)` accepts. Everything but `vcpus` has a default. */
export interface TlbModelOptions {
  /** Number of vCPUs (1..4096). */
  vcpus: number;
  /**
   * `adversarial` (default): nothing is evicted until an invalidation — the worst case the
   * architecture allows, used for safety verdicts. `realistic`: capacity evicts, for costs.
   */
  retention?: Retention;
  /** Realistic-mode structures; any subset overrides the Skylake defaults (geometry.ts). */
  geometry?: Partial<Record<keyof TlbGeometry, Partial<ArrayGeometry>>>;
  /** Victim choice in a full set (realistic mode). Default 'lru'. */
  replacement?: ReplacementPolicy;
  /** Seed of the random replacement streams. Default 0. */
  seed?: number;
  /** Intel PML: log gfns whose D flag the hardware sets 0→1 (spec §4.6). Default false. */
  pml?: boolean;
  /** '2d' (EPT/NPT, default) or 'native' (shadow paging): which walk cost a miss pays. */
  walk?: WalkKind;
  /**
   * Compare every hit with a fresh walk to count stale hits (default true). Costs one extra
   * SPTE-store walk per hit (not counted in `walks` or cycles); turn off for speed.
   */
  classifyStaleHits?: boolean;
  /**
   * Guard tests only: `false` removes the architectural rule that a fault invalidates the
   * faulting translation (SDM 4.10.4.1, 28.3.3.1), to show what depends on it. Default true.
   */
  faultInvalidates?: boolean;
  /** A complete table, or overrides of the defaults. */
  costModel?: CostModel | CostModelOverrides;
}

export interface ResolvedTlbModelOptions {
  vcpus: number;
  retention: Retention;
  geometry: TlbGeometry;
  replacement: ReplacementPolicy;
  seed: number;
  pml: boolean;
  walk: WalkKind;
  classifyStaleHits: boolean;
  faultInvalidates: boolean;
  costModel: CostModel;
}

const arrayGeometry = z.strictObject({
  entries: z
    .number()
    .int()
    .min(0)
    .max(1 << 20)
    .optional(),
  ways: z
    .number()
    .int()
    .min(1)
    .max(1 << 20)
    .optional(),
});

const optionsSchema = z.strictObject({
  vcpus: z.number().int().min(1).max(4096),
  retention: z.enum(['realistic', 'adversarial']).default('adversarial'),
  geometry: z
    .strictObject(
      Object.fromEntries(GEOMETRY_ARRAYS.map((k) => [k, arrayGeometry.optional()])) as Record<
        keyof TlbGeometry,
        z.ZodOptional<typeof arrayGeometry>
      >,
    )
    .default({}),
  replacement: z.enum(['lru', 'random']).default('lru'),
  seed: z.number().int().default(0),
  pml: z.boolean().default(false),
  walk: z.enum(['2d', 'native']).default('2d'),
  classifyStaleHits: z.boolean().default(true),
  faultInvalidates: z.boolean().default(true),
  costModel: z.record(z.string(), z.unknown()).optional(),
});

export class TlbModelOptionsError extends Error {
  override readonly name = 'TlbModelOptionsError';
}

function fail(problems: string[]): never {
  throw new TlbModelOptionsError(
    `invalid TLB model options:\n${problems.map((p) => `  ${p}`).join('\n')}`,
  );
}

/** Validates and completes `TlbModelOptions`; throws TlbModelOptionsError naming each bad field. */
export function resolveTlbModelOptions(input: unknown): ResolvedTlbModelOptions {
  const result = optionsSchema.safeParse(input);
  if (!result.success) {
    fail(
      result.error.issues.map((issue) => {
        const path = issue.path.length === 0 ? '(top level)' : issue.path.map(String).join('.');
        return `${path}: ${issue.message}`;
      }),
    );
  }
  const o = result.data;
  const geometry = {} as TlbGeometry;
  const problems: string[] = [];
  for (const name of GEOMETRY_ARRAYS) {
    const g = { ...DEFAULT_GEOMETRY[name], ...o.geometry[name] };
    geometry[name] = g;
    if (g.entries === 0) {
      if (name === 'stlb' || name === 'stlb1g') {
        problems.push(`geometry.${name}.entries: the STLB must have at least one entry`);
      }
      continue;
    }
    if (g.entries % g.ways !== 0) {
      problems.push(`geometry.${name}: ${g.ways} ways do not divide ${g.entries} entries`);
      continue;
    }
    const sets = g.entries / g.ways;
    if ((sets & (sets - 1)) !== 0) {
      problems.push(`geometry.${name}: ${sets} sets (entries / ways) is not a power of two`);
    }
  }
  if (problems.length > 0) fail(problems);

  let costModel: CostModel;
  if (o.costModel === undefined) {
    costModel = defaultCostModel();
  } else {
    const overrides = validateCostOverrides(o.costModel, 'TLB model options (costModel)');
    costModel = mergeCostModel(defaultCostModel(), overrides, 'costModel option');
  }
  return {
    vcpus: o.vcpus,
    retention: o.retention,
    geometry,
    replacement: o.replacement,
    seed: o.seed,
    pml: o.pml,
    walk: o.walk,
    classifyStaleHits: o.classifyStaleHits,
    faultInvalidates: o.faultInvalidates,
    costModel,
  };
}
