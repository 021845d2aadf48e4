import type { GuestTlbFactory } from '../run/world.js';
import type { CheckConfig } from './check-config.js';
import { CheckWorld } from './check-world.js';
import { StateSet } from './state-set.js';
import { WorldHasher } from './world-hasher.js';
import { SnapshotArena, WorldSnapshots } from './world-snapshot.js';

/**
 * The explorer's floor, for benchmarks (tools/bench): what an exploration with `transitions`
 * transitions and `saves` saved snapshots costs besides the model's steps — per transition a
 * restore of a saved state, a hash and a seen-set lookup; per saved state a snapshot save. The
 * state is the one `steps` first choices reach (a write under way, by default). Returns a
 * checksum.
 */
export function explorerFloor(
  config: CheckConfig,
  tlbFactory: GuestTlbFactory,
  transitions: number,
  saves: number,
  steps = 3,
): number {
  const cw = new CheckWorld(config, tlbFactory, { quiet: true });
  for (let i = 0; i < steps && cw.hasChoices(); i++) cw.apply(cw.choices([])[0]!);
  const hasher = new WorldHasher();
  const snapshots = new WorldSnapshots(cw, hasher);
  const arena = new SnapshotArena();
  const seen = new StateSet();
  hasher.hash(cw);
  const saved = snapshots.save(arena);
  const spare = new SnapshotArena();
  let checksum = 0;
  for (let i = 0; i < transitions; i++) {
    snapshots.restore(arena, saved);
    hasher.hash(cw);
    if (seen.add(hasher.h1, hasher.h2)) checksum++;
    checksum ^= hasher.h1;
  }
  for (let i = 0; i < saves; i++) checksum ^= snapshots.save(spare);
  return checksum;
}
