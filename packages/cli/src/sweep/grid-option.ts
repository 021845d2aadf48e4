import type { GridAxis } from '@spte-lab/reporter';
import {
  configurePreset,
  parametersOf,
  parseParamText,
  ScenarioParamError,
  type ScenarioPreset,
} from '@spte-lab/workload-gen';
import { InvalidArgumentError } from 'commander';
import { CliError } from '../errors.js';
import { pointAt } from './sweep-spec.js';

/** One `--grid key=v1,v2` as typed: values stay text until each scenario parses them. */
export interface GridFlag {
  readonly parameter: string;
  readonly texts: readonly string[];
}

/** More grid points than this is a typo, not a sweep anyone waits for. */
export const MAX_GRID_POINTS = 10_000;

/**
 * Parses one `--grid` value (repeatable; commander hands the earlier ones back). Only the
 * syntax is checked here; the values are checked against each scenario by `resolveGrid`.
 * `ring-size` is accepted for `ringSize`, as the flags of `trace record` spell it.
 */
export function gridFlag(value: string, previous: readonly GridFlag[] = []): GridFlag[] {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`'${value}' is not key=value1,value2,…`);
  const parameter = value
    .slice(0, at)
    .trim()
    .replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const texts = value
    .slice(at + 1)
    .split(',')
    .map((t) => t.trim());
  if (texts.some((t) => t.length === 0))
    throw new InvalidArgumentError(`'${value}': a value is empty`);
  const twice = texts.find((t, i) => texts.indexOf(t) !== i);
  if (twice !== undefined)
    throw new InvalidArgumentError(
      `'${value}': ${twice} is listed twice (its runs would count twice)`,
    );
  if (previous.some((f) => f.parameter === parameter))
    throw new InvalidArgumentError(
      `'${parameter}' is given twice; list all its values in one --grid`,
    );
  return [...previous, { parameter, texts }];
}

/** Names that are not scenario parameters, and where they go instead. */
const NOT_PARAMETERS: Readonly<Record<string, string>> = {
  seed: 'seeds are --seeds',
  seeds: 'seeds are --seeds',
  policy: 'policies are --policies',
  policies: 'policies are --policies',
  scenario: 'scenarios are --scenarios',
  scenarios: 'scenarios are --scenarios',
  retention: 'TLB retention is one per sweep (--retention); run one sweep per mode',
};

/** A scenario left out of a sweep over the default scenario set, and why. */
export interface SkippedScenario {
  readonly scenario: string;
  readonly reason: string;
}

export interface ResolvedGrid {
  readonly axes: GridAxis[];
  /** The scenarios the grid runs on, in the order given. */
  readonly presets: ScenarioPreset[];
  /** Only with `skipRejecting`: the scenarios that refused a key, a value or a grid point. */
  readonly skipped: SkippedScenario[];
}

/**
 * The grid axes with typed values, checked against every scenario of the sweep: each must take
 * every key, read every value the same way, and accept every grid point (a preset's rules across
 * parameters included). A failure is a CliError (exit 2) naming the key, value and scenario —
 * unless `skipRejecting` (the user named no scenarios: the sweep is over every preset), when a
 * scenario that refuses a key, a value or a point is left out and listed in `skipped` instead.
 * A grid no scenario accepts is still an error.
 */
export function resolveGrid(
  flags: readonly GridFlag[],
  presets: readonly ScenarioPreset[],
  skipRejecting = false,
): ResolvedGrid {
  for (const flag of flags) {
    const hint = NOT_PARAMETERS[flag.parameter];
    if (hint) throw new CliError(`--grid ${flag.parameter}: not a scenario parameter (${hint})`);
  }
  const points = flags.reduce((n, flag) => n * flag.texts.length, 1);
  if (points > MAX_GRID_POINTS)
    throw new CliError(`--grid: ${points} grid points is more than ${MAX_GRID_POINTS}`);
  const kept: { preset: ScenarioPreset; axes: GridAxis[] }[] = [];
  const skipped: SkippedScenario[] = [];
  let firstError: CliError | undefined;
  for (const preset of presets) {
    try {
      kept.push({ preset, axes: axesFor(flags, preset, points) });
    } catch (error) {
      if (!(error instanceof CliError) || !skipRejecting) throw error;
      firstError ??= error;
      skipped.push({ scenario: preset.name, reason: error.message });
    }
  }
  // No scenario takes the grid: the first one's reason is the error.
  if (kept.length === 0 && firstError) throw firstError;
  const [first, ...rest] = kept;
  for (const other of rest) {
    const differs = first!.axes.find((axis, a) =>
      axis.values.some((v, i) => v !== other.axes[a]!.values[i]),
    );
    if (differs)
      throw new CliError(
        `--grid ${differs.parameter}: scenarios ${first!.preset.name} and ${other.preset.name} read its values differently; sweep them separately`,
      );
  }
  const axes = first?.axes ?? flags.map((flag) => ({ parameter: flag.parameter, values: [] }));
  return { axes, presets: kept.map((k) => k.preset), skipped };
}

/** The axes as `preset` reads them, every grid point checked against its rules. */
function axesFor(flags: readonly GridFlag[], preset: ScenarioPreset, points: number): GridAxis[] {
  const axes = flags.map((flag) => {
    const spec = parametersOf(preset).find((s) => s.name === flag.parameter);
    if (!spec)
      throw new CliError(
        `--grid ${flag.parameter}: scenario ${preset.name} takes no parameter '${flag.parameter}'; it takes: ${parametersOf(
          preset,
        )
          .map((s) => s.name)
          .join(', ')}`,
      );
    const values = flag.texts.map((text) => attempt(preset.name, () => parseParamText(spec, text)));
    return { parameter: flag.parameter, values };
  });
  // Ranges and cross-parameter rules, for every point: a bad combination fails now, not mid-sweep.
  for (let p = 0; p < (axes.length > 0 ? points : 0); p++)
    attempt(preset.name, () => configurePreset(preset, pointAt(axes, p)));
  return axes;
}

function attempt<T>(scenario: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof ScenarioParamError)) throw error;
    // workload-gen names the parameter and its range; say which scenario refused it.
    const message = error.message.replace(/^scenario \S+: /, '');
    throw new CliError(`--grid: scenario ${scenario}: ${message}`);
  }
}
