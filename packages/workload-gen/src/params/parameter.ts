/**
 * A preset's parameters as data (issue 7 item 6): what `spte-lab list scenarios` prints and
 * what validation enforces come from the same descriptor, so they cannot drift apart.
 */
export type ParameterValue = number | string | boolean;

interface ParameterBase<N extends string> {
  /** The key in the params object; the command-line flag is `--` plus its kebab case. */
  readonly name: N;
  /** One line: what it controls (and the spec section, where one applies). */
  readonly description: string;
}

/** An integer in [min, max]. */
export interface IntegerParameter<N extends string = string> extends ParameterBase<N> {
  readonly kind: 'integer';
  readonly default: number;
  readonly min: number;
  readonly max: number;
  /** The value must be a multiple of this (e.g. 64 for CLEAR_DIRTY_LOG chunks). */
  readonly multipleOf?: number;
}

/** A real number in [min, max] (shares, exponents). */
export interface NumberParameter<N extends string = string> extends ParameterBase<N> {
  readonly kind: 'number';
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

/** One of a fixed list of names. */
export interface ChoiceParameter<
  N extends string = string,
  C extends string = string,
> extends ParameterBase<N> {
  readonly kind: 'choice';
  readonly choices: readonly C[];
  readonly default: C;
}

export interface BooleanParameter<N extends string = string> extends ParameterBase<N> {
  readonly kind: 'boolean';
  readonly default: boolean;
}

export type ParameterSpec = IntegerParameter | NumberParameter | ChoiceParameter | BooleanParameter;

type ValueOf<S> =
  S extends ChoiceParameter<string, infer C> ? C : S extends BooleanParameter ? boolean : number;

/** The params object a list of descriptors describes, typed per name. */
export type ParamsOf<S extends readonly ParameterSpec[]> = {
  readonly [P in S[number] as P['name']]: ValueOf<P>;
};

export function integer<N extends string>(
  name: N,
  description: string,
  range: { default: number; min: number; max: number; multipleOf?: number },
): IntegerParameter<N> {
  return { name, description, kind: 'integer', ...range };
}

export function real<N extends string>(
  name: N,
  description: string,
  range: { default: number; min: number; max: number },
): NumberParameter<N> {
  return { name, description, kind: 'number', ...range };
}

export function choice<N extends string, const C extends string>(
  name: N,
  description: string,
  choices: readonly C[],
  defaultValue: NoInfer<C>,
): ChoiceParameter<N, C> {
  return { name, description, kind: 'choice', choices, default: defaultValue };
}

export function flag<N extends string>(
  name: N,
  description: string,
  defaultValue: boolean,
): BooleanParameter<N> {
  return { name, description, kind: 'boolean', default: defaultValue };
}

/** `hotShare` → `--hot-share`. */
export function parameterFlag(name: string): string {
  return `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** The allowed values in words: `an integer from 1 to 64`, `one of ept, ept-noad`. */
export function describeRange(spec: ParameterSpec): string {
  switch (spec.kind) {
    case 'integer':
      return `an integer from ${spec.min} to ${spec.max}${spec.multipleOf ? ` (a multiple of ${spec.multipleOf})` : ''}`;
    case 'number':
      return `a number from ${spec.min} to ${spec.max}`;
    case 'choice':
      return `one of ${spec.choices.join(', ')}`;
    case 'boolean':
      return 'true or false';
  }
}
