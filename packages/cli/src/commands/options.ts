import { InvalidArgumentError } from 'commander';

/** Parses a comma-separated list, rejecting empty items. */
export function commaList(value: string): string[] {
  const items = value.split(',').map((s) => s.trim());
  if (items.some((s) => s.length === 0)) {
    throw new InvalidArgumentError(`'${value}' is not a comma-separated list of names`);
  }
  // Checked before anything runs: a name twice would run twice, then clash in the report.
  const twice = items.find((item, i) => items.indexOf(item) !== i);
  if (twice !== undefined) throw new InvalidArgumentError(`'${twice}' is named twice`);
  return items;
}

/** Parses a non-negative safe integer (seeds, counts). */
export function nonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError(`'${value}' is not a non-negative integer`);
  }
  return Number(value);
}

/** More seeds than this is a typo (1..1000000), not a comparison anyone waits for. */
export const MAX_SEEDS = 10_000;

/**
 * Parses `--seeds`: a comma-separated list of seeds and inclusive ranges, `1,4,9`, `1..10`,
 * `1..3,7`. Order is kept; a seed given twice is an error (its runs would count twice).
 */
export function seedList(value: string): number[] {
  const seeds: number[] = [];
  for (const part of value.split(',').map((s) => s.trim())) {
    const range = /^(\d+)\.\.(\d+)$/.exec(part);
    if (range) {
      const [from, to] = [nonNegativeInt(range[1]!), nonNegativeInt(range[2]!)];
      if (from > to)
        throw new InvalidArgumentError(`'${part}' is an empty range (write ${to}..${from})`);
      if (to - from >= MAX_SEEDS)
        throw new InvalidArgumentError(`'${part}' is more than ${MAX_SEEDS} seeds`);
      for (let s = from; s <= to; s++) seeds.push(s);
    } else if (/^\d+$/.test(part)) {
      seeds.push(nonNegativeInt(part));
    } else {
      throw new InvalidArgumentError(`'${part}' is not a seed or a range like 1..10`);
    }
  }
  const seen = new Set<number>();
  for (const s of seeds) {
    if (seen.has(s)) throw new InvalidArgumentError(`seed ${s} is listed twice`);
    seen.add(s);
  }
  if (seeds.length > MAX_SEEDS) throw new InvalidArgumentError(`more than ${MAX_SEEDS} seeds`);
  return seeds;
}

/** Colours only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(
  isTTY: boolean,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  return isTTY && !env.NO_COLOR;
}

/** A whole number of at least 1 (worker counts). */
export function positiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value)))
    throw new InvalidArgumentError(`'${value}' is not a whole number of at least 1`);
  return Number(value);
}

/** A comma list whose every name is one of `choices` (`what`: "an operation", say). */
export function choiceList<T extends string>(
  choices: readonly T[],
  what: string,
): (value: string) => T[] {
  return (value) => {
    const names = commaList(value);
    for (const name of names)
      if (!choices.includes(name as T))
        throw new InvalidArgumentError(
          `'${name}' is not ${what} (choose from ${choices.join(', ')})`,
        );
    return names as T[];
  };
}
