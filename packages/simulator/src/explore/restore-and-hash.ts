import type { GuestTlbFactory } from '../run/world.js';
import type { CheckConfig } from './check-config.js';
import { CheckWorld } from './check-world.js';
import { WorldHasher } from './world-hasher.js';
import { SnapshotArena, WorldSnapshots } from './world-snapshot.js';

/**
 * The explorer's fixed cost per transition, for benchmarks (tools/bench): restores a saved
 * state and hashes it `times` times, without the model's step in between. The state is the
 * one `steps` first choices reach (a write under way, by default). Returns a checksum.
 */
export function restoreAndHash(
  config: CheckConfig,
  tlbFactory: GuestTlbFactory,
  times: number,
  steps = 3,
): number {
  const cw = new CheckWorld(config, tlbFactory, { quiet: true });
  for (let i = 0; i < steps && cw.hasChoices(); i++) cw.apply(cw.choices([])[0]!);
  const hasher = new WorldHasher();
  const snapshots = new WorldSnapshots(cw, hasher);
  const arena = new SnapshotArena();
  hasher.hash(cw);
  const saved = snapshots.save(arena);
  let checksum = 0;
  for (let i = 0; i < times; i++) {
    snapshots.restore(arena, saved);
    hasher.hash(cw);
    checksum ^= hasher.h1;
  }
  return checksum;
}
