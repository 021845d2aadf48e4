import { pointKey, type ResultDocument, type RunResult } from '@spte-lab/reporter';
import { CliError } from '../errors.js';
import { shardIndices } from './shard-option.js';
import { describeRun, type GridShape, gridRun, gridSize } from './sweep-spec.js';

/** A shard document and the file it came from (named in every message). */
export interface ShardFile {
  readonly file: string;
  readonly doc: ResultDocument;
}

export interface MergedShards {
  /** The document the unsharded sweep writes (with `missingRuns` after a partial merge). */
  readonly doc: ResultDocument;
  /** The shards (1-based) nobody gave, and the grid indices they hold. */
  readonly missingShards: readonly number[];
  readonly missingRuns: readonly number[];
}

/**
 * Combines the shards of one sweep (`sweep --shard i/n`) into the document the sweep writes
 * without --shard. Refuses (a CliError, exit 2, naming the files) shards of different grids,
 * versions or splits, a shard given twice, a shard whose runs are not its slice of the grid,
 * and — unless `allowPartial` — a missing shard.
 */
export function mergeShards(shards: readonly ShardFile[], allowPartial: boolean): MergedShards {
  if (shards.length === 0) throw new CliError('merge: no shard files given');
  for (const { file, doc } of shards)
    if (!doc.shard)
      throw new CliError(
        `merge: ${file}: not a shard (no "shard" field); merge takes the files of spte-lab sweep --shard i/n`,
      );
  const first = shards[0]!;
  const count = first.doc.shard!.count;
  for (const other of shards.slice(1)) sameSweep(first, other);

  const shape: GridShape = {
    policies: first.doc.parameters.policies,
    scenarios: first.doc.parameters.scenarios,
    grid: first.doc.parameters.grid ?? [],
    seeds: first.doc.seeds,
  };
  const total = gridSize(shape);
  const byShard = new Map<number, ShardFile>();
  for (const shard of shards) {
    const { index } = shard.doc.shard!;
    const earlier = byShard.get(index);
    if (earlier)
      throw new CliError(
        `merge: ${earlier.file} and ${shard.file} both hold shard ${index}/${count} (${runList(shard.doc.shard!.runs, total)}); give each shard once`,
      );
    checkSlice(shard, shape, total);
    byShard.set(index, shard);
  }

  const missingShards: number[] = [];
  for (let i = 1; i <= count; i++) if (!byShard.has(i)) missingShards.push(i);
  const missingRuns = missingShards
    .flatMap((index) => shardIndices(total, { index, count }))
    .sort((a, b) => a - b);
  if (missingShards.length > 0 && !allowPartial) {
    const named = missingShards.map((i) => `${i}/${count}`).join(', ');
    throw new CliError(
      `merge: ${missingShards.length === 1 ? `shard ${named} is` : `shards ${named} are`} missing (${runList(missingRuns, total)}); give ${missingShards.length === 1 ? 'its file' : 'their files'}, or --allow-partial to merge without ${missingShards.length === 1 ? 'it' : 'them'}`,
    );
  }

  const placed: { index: number; run: RunResult }[] = [];
  for (const { doc } of byShard.values())
    doc.runs.forEach((run, k) => placed.push({ index: doc.shard!.runs[k]!, run }));
  placed.sort((a, b) => a.index - b.index);
  const { shard: _shard, runs: _runs, ...rest } = first.doc;
  return {
    doc: {
      ...rest,
      runs: placed.map((p) => p.run),
      ...(missingRuns.length > 0 ? { missingRuns } : {}),
    },
    missingShards,
    missingRuns,
  };
}

/** Everything but the slice must agree: grid, seeds, settings, costs, command, version. */
function sameSweep(a: ShardFile, b: ShardFile): void {
  if (a.doc.tool.version !== b.doc.tool.version)
    throw new CliError(
      `merge: ${b.file} was written by spte-lab ${b.doc.tool.version}, ${a.file} by ${a.doc.tool.version}; merge shards written by one version`,
    );
  if (a.doc.shard!.count !== b.doc.shard!.count)
    throw new CliError(
      `merge: ${a.file} is shard ${a.doc.shard!.index}/${a.doc.shard!.count} but ${b.file} is shard ${b.doc.shard!.index}/${b.doc.shard!.count}; the shards of one sweep share n`,
    );
  // The command last: it repeats the rest in words, and the field is the more useful name.
  const { shard: _sa, runs: _ra, command: commandA, ...restA } = a.doc;
  const { shard: _sb, runs: _rb, command: commandB, ...restB } = b.doc;
  const path = firstDifference(restA, restB, '') ?? firstDifference(commandA, commandB, 'command');
  if (path !== undefined)
    throw new CliError(
      `merge: ${b.file} is from a different sweep than ${a.file} (they differ in ${path}); merge shards of one grid`,
    );
}

/** The shard holds exactly its slice of the grid, each run the one its index names. */
function checkSlice({ file, doc }: ShardFile, shape: GridShape, total: number): void {
  const shard = doc.shard!;
  const expected = shardIndices(total, shard);
  if (expected.join() !== shard.runs.join())
    throw new CliError(
      `merge: ${file}: shard ${shard.index}/${shard.count} of this ${total}-run grid holds ${runList(expected, total)}, but the file lists ${runList(shard.runs, total)}`,
    );
  doc.runs.forEach((run, k) => {
    const want = gridRun(shape, shard.runs[k]!);
    if (
      run.policy !== want.policy ||
      run.scenario !== want.scenario ||
      run.seed !== want.seed ||
      pointKey(run.point) !== pointKey(want.point)
    )
      throw new CliError(
        `merge: ${file}: runs[${k}] is not grid run ${want.index} (${describeRun(want)})`,
      );
  });
}

/** "runs 1, 3, 5 of 8"; past a dozen, "40 of 120 runs: 1, 4, 7, …". */
function runList(indices: readonly number[], total: number): string {
  if (indices.length === 0) return `no runs of ${total}`;
  if (indices.length > 12)
    return `${indices.length} of ${total} runs: ${indices.slice(0, 12).join(', ')}, …`;
  return `run${indices.length === 1 ? '' : 's'} ${indices.join(', ')} of ${total}`;
}

/** The path of the first place two JSON values differ (`parameters.seeds`), or undefined. */
export function firstDifference(a: unknown, b: unknown, path: string): string | undefined {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const found = firstDifference(a[key], b[key], path ? `${path}.${key}` : key);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return JSON.stringify(a) === JSON.stringify(b) ? undefined : path || '(the document)';
}
