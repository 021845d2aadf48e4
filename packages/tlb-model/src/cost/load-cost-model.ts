import { readFileSync } from 'node:fs';
import { CostModelError, defaultCostModel, mergeCostModel, parseCostModel } from './cost-model.js';
import type { CostModel } from './cost-model.js';

/**
 * Reads a cost-model JSON file (the CLI's `--cost-model <file.json>`), validates it and merges
 * it over `base` (the defaults unless given). Errors name the file, the field and the problem.
 */
export function loadCostModelFile(path: string, base: CostModel = defaultCostModel()): CostModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CostModelError(`cannot read cost model ${path}: ${reason}`);
  }
  return mergeCostModel(base, parseCostModel(text, path), path);
}
