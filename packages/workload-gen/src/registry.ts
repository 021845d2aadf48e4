import { hostReclaim } from './scenarios/host-reclaim.js';
import { hugePageMigration } from './scenarios/huge-page-migration.js';
import { migrationBitmap } from './scenarios/migration-bitmap.js';
import { migrationClearLog } from './scenarios/migration-clear-log.js';
import { migrationPml } from './scenarios/migration-pml.js';
import { migrationRing } from './scenarios/migration-ring.js';
import { mixed } from './scenarios/mixed.js';
import { roMmuWritableRefresh } from './scenarios/ro-mmu-writable-refresh.js';
import type { ScenarioPreset } from './scenarios/scenario-preset.js';
import { shadowMmuInitiallySet } from './scenarios/shadow-mmu-initially-set.js';
import { shadowPaging } from './scenarios/shadow-paging.js';
import { writeTrackDuringMigration } from './scenarios/write-track-during-migration.js';
import { writeTrackInitiallySet } from './scenarios/write-track-initially-set.js';

/** Every preset by its command-line name. A new preset is one file and one line here. */
export const scenarioPresets = {
  'migration-bitmap': migrationBitmap,
  'migration-clear-log': migrationClearLog,
  'migration-ring': migrationRing,
  'migration-pml': migrationPml,
  'write-track-during-migration': writeTrackDuringMigration,
  'write-track-initially-set': writeTrackInitiallySet,
  'shadow-paging': shadowPaging,
  'ro-mmu-writable-refresh': roMmuWritableRefresh,
  'shadow-mmu-initially-set': shadowMmuInitiallySet,
  'host-reclaim': hostReclaim,
  'huge-page-migration': hugePageMigration,
  mixed,
} as const satisfies Record<string, ScenarioPreset>;
