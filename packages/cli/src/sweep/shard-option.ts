import { InvalidArgumentError } from 'commander';

/** `--shard i/n`: the i-th of n slices of the grid, 1-based as in Jest and Playwright. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parses `--shard i/n` (1 ≤ i ≤ n). */
export function shardOption(value: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  if (!match) throw new InvalidArgumentError(`'${value}' is not i/n, e.g. 1/3`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (!Number.isSafeInteger(count) || count < 1)
    throw new InvalidArgumentError(`'${value}': n must be at least 1`);
  if (index < 1 || index > count)
    throw new InvalidArgumentError(
      `'${value}': shards are numbered 1 to ${count} (for a 0-based index such as JOB_COMPLETION_INDEX, add 1)`,
    );
  return { index, count };
}

/**
 * The grid indices shard `index`/`count` runs: those ≡ index − 1 (mod count). Round-robin
 * rather than contiguous blocks, so every shard gets a similar mix of cheap and costly runs.
 */
export function shardIndices(total: number, shard: Shard): number[] {
  const out: number[] = [];
  for (let i = shard.index - 1; i < total; i += shard.count) out.push(i);
  return out;
}
