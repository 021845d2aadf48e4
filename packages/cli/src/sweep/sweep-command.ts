import { shellQuote } from '../command-line.js';
import type { SweepSpec } from './sweep-spec.js';

/**
 * The `command` a sweep's document records: the sweep that reproduces its runs, with every
 * name resolved and the words in one order. --workers, --shard, --out and --format are left
 * out because they change no result, so every shard of a grid, and the unsharded sweep, record
 * the same command (merge insists on it).
 */
export function sweepCommandLine(
  spec: SweepSpec,
  extra: { readonly costModelFile?: string; readonly baseline?: string },
): string {
  const words = [
    'spte-lab',
    'sweep',
    '--policies',
    spec.policies.join(','),
    '--scenarios',
    spec.scenarios.join(','),
    '--seeds',
    seedsText(spec.seeds),
    ...spec.grid.flatMap((axis) => ['--grid', `${axis.parameter}=${axis.values.join(',')}`]),
    ...(spec.retention === 'adversarial' ? [] : ['--retention', spec.retention]),
    ...(spec.eagerSplit ? ['--eager-split', spec.eagerSplit] : []),
    ...(extra.costModelFile === undefined ? [] : ['--cost-model', extra.costModelFile]),
    ...spec.plugins.flatMap((plugin) => ['--plugin', plugin]),
    ...(extra.baseline === undefined ? [] : ['--baseline', extra.baseline]),
  ];
  return words.map(shellQuote).join(' ');
}

/** `1..5,9`: the seeds in their order, with ascending runs of three or more as ranges. */
export function seedsText(seeds: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < seeds.length;) {
    let j = i;
    while (j + 1 < seeds.length && seeds[j + 1] === seeds[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${seeds[i]}..${seeds[j]}` : seeds.slice(i, j + 1).join(','));
    i = j + 1;
  }
  return parts.join(',');
}
