import { describePoint, type GridAxis, type GridPoint } from '@spte-lab/reporter';
import type { Retention } from '@spte-lab/simulator';
import type { CostModel } from '@spte-lab/tlb-model';

/** What fixes the runs of a grid and their order (no plugins or costs: those change results, not indices). */
export interface GridShape {
  readonly policies: readonly string[];
  readonly scenarios: readonly string[];
  /** `--grid` axes, first axis slowest; empty without --grid. */
  readonly grid: readonly GridAxis[];
  readonly seeds: readonly number[];
}

/**
 * Everything any run of a sweep needs, as plain data: a worker thread gets it once (structured
 * clone) and then runs the grid indices it is sent.
 */
export interface SweepSpec extends GridShape {
  readonly retention: Retention;
  /** Overrides every scenario's `eager_page_split` (as `compare --eager-split`). */
  readonly eagerSplit?: 'on' | 'off' | 'fails';
  /** `--plugin` values as given, resolved from `cwd`. */
  readonly plugins: readonly string[];
  readonly cwd: string;
  readonly costModel: CostModel;
}

/** One run of the grid, found by its index. */
export interface GridRun {
  readonly index: number;
  readonly scenario: string;
  /** Index of the grid point (0 without --grid), for caching the configured scenario. */
  readonly pointIndex: number;
  /** Absent without --grid, so such a sweep's runs are exactly `compare`'s. */
  readonly point?: GridPoint;
  readonly policy: string;
  readonly seed: number;
}

export function pointCount(shape: GridShape): number {
  return shape.grid.reduce((n, axis) => n * axis.values.length, 1);
}

export function gridSize(shape: GridShape): number {
  return shape.scenarios.length * pointCount(shape) * shape.policies.length * shape.seeds.length;
}

/**
 * The run at `index`. The order is scenario, grid point, policy, seed — scenario slowest, seed
 * fastest, points in --grid order (first axis slowest, values as given) — so without --grid it
 * is `compare`'s order, and each scenario × point's policies sit together for the ratios.
 */
export function gridRun(shape: GridShape, index: number): GridRun {
  if (!Number.isInteger(index) || index < 0 || index >= gridSize(shape))
    throw new RangeError(`grid index ${index} is outside 0..${gridSize(shape) - 1}`);
  let rest = index;
  const seedAt = rest % shape.seeds.length;
  rest = Math.floor(rest / shape.seeds.length);
  const policyAt = rest % shape.policies.length;
  rest = Math.floor(rest / shape.policies.length);
  const points = pointCount(shape);
  const pointIndex = rest % points;
  const scenarioAt = Math.floor(rest / points);
  return {
    index,
    scenario: shape.scenarios[scenarioAt]!,
    pointIndex,
    ...(shape.grid.length > 0 ? { point: pointAt(shape.grid, pointIndex) } : {}),
    policy: shape.policies[policyAt]!,
    seed: shape.seeds[seedAt]!,
  };
}

/** The grid point at `pointIndex`, a mixed-radix number whose first axis is the slowest digit. */
export function pointAt(grid: readonly GridAxis[], pointIndex: number): GridPoint {
  const point: Record<string, GridAxis['values'][number]> = {};
  let rest = pointIndex;
  for (let a = grid.length - 1; a >= 0; a--) {
    const axis = grid[a]!;
    point[axis.parameter] = axis.values[rest % axis.values.length]!;
    rest = Math.floor(rest / axis.values.length);
  }
  // Keys in grid order (they were filled last axis first).
  return Object.fromEntries(grid.map((axis) => [axis.parameter, point[axis.parameter]!]));
}

/** `migration-bitmap · gfns=8 · never · seed 2`: a run as progress and errors name it. */
export function describeRun(run: GridRun): string {
  const point = run.point ? ` · ${describePoint(run.point)}` : '';
  return `${run.scenario}${point} · ${run.policy} · seed ${run.seed}`;
}
