import { resolve } from 'node:path';
import {
  type CostModel,
  CostModelError,
  defaultCostModel,
  loadCostModelFile,
} from '@spte-lab/tlb-model';
import { CliError } from '../errors.js';
import { requireInputFile } from '../input-file.js';
import type { CliIo } from '../io.js';

/**
 * The cycle-cost table for the runs: tlb-model's defaults, with `--cost-model <file>` merged
 * over them. The same table goes to the simulator and into the result document, so a report
 * always says which costs its modelled cycles came from.
 */
export function costModelFor(file: string | undefined, io: CliIo): CostModel {
  if (file === undefined) return defaultCostModel();
  const path = resolve(io.cwd, file);
  requireInputFile(path, file, '--cost-model');
  try {
    return loadCostModelFile(path);
  } catch (error) {
    if (!(error instanceof CostModelError)) throw error;
    // tlb-model lists one problem per line under a heading; the CLI reports one line.
    const [heading = '', ...problems] = error.message
      .replaceAll(path, file)
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    const detail = problems.length ? `: ${problems.join('; ')}` : '';
    throw new CliError(`--cost-model: ${heading.replace(/:$/, '')}${detail}`);
  }
}
