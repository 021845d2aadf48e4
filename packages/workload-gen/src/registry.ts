import { migrationBitmap } from './scenarios/migration-bitmap.js';
import type { ScenarioPreset } from './scenarios/scenario-preset.js';

/** Every preset by its command-line name. */
export const scenarioPresets = {
  'migration-bitmap': migrationBitmap,
} as const satisfies Record<string, ScenarioPreset>;
