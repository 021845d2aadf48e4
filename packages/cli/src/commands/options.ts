import { InvalidArgumentError } from 'commander';

/** Parses a comma-separated list, rejecting empty items. */
export function commaList(value: string): string[] {
  const items = value.split(',').map((s) => s.trim());
  if (items.some((s) => s.length === 0)) {
    throw new InvalidArgumentError(`'${value}' is not a comma-separated list of names`);
  }
  return items;
}

/** Parses a non-negative safe integer (seeds, counts). */
export function nonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError(`'${value}' is not a non-negative integer`);
  }
  return Number(value);
}

/** Colours only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  return isTTY && !env.NO_COLOR;
}
