import { z } from 'zod';
import defaults from './default-cost-model.json';

/**
 * The cycle-cost table (ARCHITECTURE.md "tlb-model"). Every entry carries the source of its
 * number. The defaults live in `default-cost-model.json`; a user file in the same format
 * overrides any subset of entries (`loadCostModelFile`, CLI `--cost-model <file.json>`).
 */
export const COST_KEYS = [
  'tlbHit',
  'stlbHit',
  'nativeWalk',
  'twoDimensionalWalk',
  'vmExit',
  'vmEntry',
  'invept',
  'invvpid',
  'ipiRoundTrip',
  'ipiPerReceiver',
  'fastFault',
  'slowFault',
  'emulation',
  'pmlDrainPerEntry',
] as const;

export type CostKey = (typeof COST_KEYS)[number];

export interface CostEntry {
  cycles: number;
  /** Where the number comes from. */
  source: string;
  /** True when the number is a judgement rather than a value read from the source. */
  estimate: boolean;
}

/** A complete table. */
export type CostModel = Record<CostKey, CostEntry>;

/** What a user file (or `createSimulator` options) may give: any subset, numbers or entries. */
export type CostModelOverrides = Partial<
  Record<CostKey, number | { cycles: number; source?: string; estimate?: boolean }>
>;

/** Flat numbers read on the hot path. */
export type CycleCosts = Record<CostKey, number>;

const cycles = z
  .number({ error: 'expected a number of cycles' })
  .nonnegative({ error: 'cycles must be >= 0' });

const overrideEntry = z.preprocess(
  (v) => (typeof v === 'number' ? { cycles: v } : v),
  z.strictObject({
    cycles,
    source: z.string().min(1, { error: 'source must not be empty' }).optional(),
    estimate: z.boolean().optional(),
  }),
);

const fullEntry = z.strictObject({
  cycles,
  source: z.string().min(1, { error: 'source must not be empty' }),
  estimate: z.boolean(),
});

const costsShape = <T extends z.ZodType>(entry: T) =>
  Object.fromEntries(COST_KEYS.map((k) => [k, entry])) as Record<CostKey, T>;

const overridesFileSchema = z.strictObject({
  description: z.string().optional(),
  costs: z.strictObject(
    Object.fromEntries(COST_KEYS.map((k) => [k, overrideEntry.optional()])) as Record<
      CostKey,
      z.ZodOptional<typeof overrideEntry>
    >,
  ),
});

const fullFileSchema = z.strictObject({
  description: z.string().optional(),
  costs: z.strictObject(costsShape(fullEntry)),
});

/** Error thrown for an invalid cost-model document: names the source, the field and the problem. */
export class CostModelError extends Error {
  override readonly name = 'CostModelError';
}

function describeIssues(sourceName: string, issues: readonly z.core.$ZodIssue[]): string {
  const lines = issues.map((issue) => {
    const path = issue.path.length === 0 ? '(top level)' : issue.path.map(String).join('.');
    return `  ${path}: ${issue.message}`;
  });
  return `invalid cost model in ${sourceName}:\n${lines.join('\n')}`;
}

function parseJsonText(text: string, sourceName: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CostModelError(`invalid cost model in ${sourceName}: not valid JSON (${reason})`);
  }
}

/**
 * Validates a cost-model document (parsed JSON or its text) whose `costs` may name any subset
 * of the keys. Throws a CostModelError naming `sourceName`, each bad field path and its problem.
 */
export function parseCostModel(json: unknown, sourceName: string): CostModelOverrides {
  const value = typeof json === 'string' ? parseJsonText(json, sourceName) : json;
  const result = overridesFileSchema.safeParse(value);
  if (!result.success) throw new CostModelError(describeIssues(sourceName, result.error.issues));
  const out: CostModelOverrides = {};
  for (const key of COST_KEYS) {
    const entry = result.data.costs[key];
    if (entry !== undefined) out[key] = entry;
  }
  return out;
}

/** Validates overrides given in code (e.g. `createSimulator({ costModel })`). */
export function validateCostOverrides(overrides: unknown, sourceName: string): CostModelOverrides {
  return parseCostModel({ costs: overrides }, sourceName);
}

/** A fresh copy of the default table (validated once at module load). */
export function defaultCostModel(): CostModel {
  const out = {} as CostModel;
  for (const key of COST_KEYS) out[key] = { ...DEFAULTS[key] };
  return out;
}

/**
 * Applies `overrides` over `base`. An override given as a bare number, or without a source,
 * gets `sourceName` as its source and counts as not an estimate.
 */
export function mergeCostModel(
  base: CostModel,
  overrides: CostModelOverrides,
  sourceName = 'override',
): CostModel {
  const out = {} as CostModel;
  for (const key of COST_KEYS) {
    const o = overrides[key];
    if (o === undefined) {
      out[key] = { ...base[key] };
    } else if (typeof o === 'number') {
      out[key] = { cycles: o, source: sourceName, estimate: false };
    } else {
      out[key] = {
        cycles: o.cycles,
        source: o.source ?? sourceName,
        estimate: o.estimate ?? false,
      };
    }
  }
  return out;
}

export function cycleCosts(model: CostModel): CycleCosts {
  const out = {} as CycleCosts;
  for (const key of COST_KEYS) out[key] = model[key].cycles;
  return out;
}

function loadDefaults(): CostModel {
  const result = fullFileSchema.safeParse(defaults);
  if (!result.success) {
    throw new CostModelError(describeIssues('default-cost-model.json', result.error.issues));
  }
  return result.data.costs;
}

const DEFAULTS: Readonly<CostModel> = Object.freeze(loadDefaults());
