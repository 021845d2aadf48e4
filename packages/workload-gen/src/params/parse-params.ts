import { z } from 'zod';
import {
  describeRange,
  type ParameterSpec,
  type ParameterValue,
  parameterFlag,
} from './parameter.js';
import { ScenarioParamError } from './param-error.js';

export type ParamValues = Readonly<Record<string, ParameterValue>>;

function shown(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
}

/** The message every check of one parameter gives, so the user reads one rule, not zod's. */
function rule(spec: ParameterSpec): (issue: { input?: unknown }) => string {
  return (issue) =>
    `parameter '${spec.name}' (${parameterFlag(spec.name)}) must be ${describeRange(spec)}; got ${shown(issue.input)}`;
}

function fieldSchema(spec: ParameterSpec): z.ZodType<ParameterValue> {
  const error = rule(spec);
  switch (spec.kind) {
    case 'integer': {
      const base = z
        .number({ error })
        .int({ error })
        .min(spec.min, { error })
        .max(spec.max, { error });
      const step = spec.multipleOf;
      return step ? base.multipleOf(step, { error }) : base;
    }
    case 'number':
      return z.number({ error }).min(spec.min, { error }).max(spec.max, { error });
    case 'choice':
      return z.enum(spec.choices as [string, ...string[]], { error });
    case 'boolean':
      return z.boolean({ error });
  }
}

/** The zod schema of a parameter list: strict (an unknown name is an error), defaults filled. */
export function paramsSchema(
  specs: readonly ParameterSpec[],
): z.ZodType<Record<string, ParameterValue>> {
  return z.strictObject(
    Object.fromEntries(specs.map((s) => [s.name, fieldSchema(s).default(s.default)])),
  ) as unknown as z.ZodType<Record<string, ParameterValue>>;
}

/** Every parameter at its default. */
export function defaultsOf(specs: readonly ParameterSpec[]): Record<string, ParameterValue> {
  return Object.fromEntries(specs.map((s) => [s.name, s.default]));
}

/**
 * Validates `input` against `specs` and fills in defaults. Throws a ScenarioParamError naming
 * the first bad parameter and its allowed range, or the unknown name and what `owner` takes.
 */
export function resolveParams(
  specs: readonly ParameterSpec[],
  input: Readonly<Record<string, unknown>>,
  owner: string,
): Record<string, ParameterValue> {
  const result = paramsSchema(specs).safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    throw new ScenarioParamError(
      `scenario ${owner} takes no parameter '${key}' (${parameterFlag(key)}); it takes: ${specs.map((s) => s.name).join(', ')}`,
      key,
    );
  }
  throw new ScenarioParamError(issue.message, String(issue.path[0] ?? ''));
}

/**
 * Turns command-line text into a parameter's value (`--set hotShare=0.9`, `--gfns 64`); the
 * range is checked later by resolveParams, so the message about it is the same everywhere.
 */
export function parseParamText(spec: ParameterSpec, text: string): ParameterValue {
  const bad = (): never => {
    throw new ScenarioParamError(
      `parameter '${spec.name}' (${parameterFlag(spec.name)}) must be ${describeRange(spec)}; got '${text}'`,
      spec.name,
    );
  };
  switch (spec.kind) {
    case 'integer':
      return /^-?\d+$/.test(text) ? Number(text) : bad();
    case 'number':
      return /^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(text) ? Number(text) : bad();
    case 'boolean':
      if (/^(true|yes|on|1)$/i.test(text)) return true;
      if (/^(false|no|off|0)$/i.test(text)) return false;
      return bad();
    case 'choice':
      return text;
  }
}
