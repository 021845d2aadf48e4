/**
 * Exhaustive exploration of a small configuration (issue "spte-lab check"): breadth-first over
 * every interleaving of the actors' fine-grained steps and every gfn choice, with adversarial
 * TLB retention. States are hashed so each is expanded once; breadth-first order makes the
 * first counterexample a shortest one.
 *
 * One world does all the work: each new state is saved as a snapshot (its numbers in one typed
 * array, its operations shared until stepped) and restored before each of its transitions,
 * instead of being replayed from the start. A state keeps only its parent and the choice that
 * led to it, so a counterexample is still a schedule, which is replayed in a traced world to
 * explain the violation.
 */
import type { Violation } from '@spte-lab/reporter';
import type { GuestTlbFactory } from '../run/world.js';
import type { CheckConfig } from './check-config.js';
import { type Choice, CheckWorld, type CheckWorldOptions } from './check-world.js';
import { ScheduleTree } from './schedule-tree.js';
import { WorldHasher } from './world-hasher.js';
import { StateSet } from './state-set.js';
import { canSnapshot, SnapshotArena, WorldSnapshots } from './world-snapshot.js';

const MIB = 1024 * 1024;
/** `CheckConfig.maxSnapshotMiB`'s default: two workers stay well inside a 24 GiB machine. */
const DEFAULT_SNAPSHOT_MIB = 1024;

export interface CheckOutcome {
  readonly verdict: 'safe' | 'unsafe' | 'incomplete';
  /** Distinct states expanded. */
  readonly statesExplored: number;
  /** Transitions taken (including those into states seen before). */
  readonly transitions: number;
  /**
   * New states that are not terminal, queued for the next level: each is saved as a snapshot
   * (when the TLB model can save its state; else replayed), so this counts the saves.
   */
  readonly statesQueued: number;
  /** The deepest level reached, and the bound. */
  readonly depthReached: number;
  readonly maxDepth: number;
  /** Why the search stopped early, for 'incomplete'. */
  readonly reason?: string;
  /** For 'unsafe': the shortest schedule that breaks the policy and what broke. */
  readonly counterexample?: { readonly schedule: readonly Choice[]; readonly violation: Violation };
  readonly seconds: number;
}

/**
 * The states of one breadth-first level: for each, its id in the schedule tree and its
 * snapshot in the level's arena (TERMINAL: nothing is left to do; NO_SNAPSHOT: the TLB model
 * cannot save its state, so it is replayed). Numbers, not objects, reused level after level:
 * a state costs no allocation.
 */
class Level {
  size = 0;
  readonly ids: number[] = [];
  readonly snapshots: number[] = [];

  push(id: number, snapshot: number): void {
    this.ids[this.size] = id;
    this.snapshots[this.size++] = snapshot;
  }
}

/**
 * Told how far a search has got (`spte-lab check` draws it on a terminal): after every level
 * and every PROGRESS_EVERY states, never per state, so it costs nothing measurable.
 */
export type ExploreProgress = (statesExplored: number, depth: number) => void;

/** States explored between two progress calls inside a level (a power of two: a mask test). */
const PROGRESS_EVERY = 1 << 14;

const TERMINAL = -2;
const NO_SNAPSHOT = -1;

export function explore(
  config: CheckConfig,
  tlbFactory: GuestTlbFactory,
  onProgress?: ExploreProgress,
): CheckOutcome {
  const started = performance.now();
  const search = new Search(config, tlbFactory, onProgress);
  const result = search.run();
  return {
    ...result,
    statesExplored: search.statesExplored,
    transitions: search.transitions,
    statesQueued: search.statesQueued,
    depthReached: search.depth,
    maxDepth: config.maxDepth,
    seconds: (performance.now() - started) / 1000,
  };
}

type SearchResult = Pick<CheckOutcome, 'verdict' | 'reason' | 'counterexample'>;

/** The search's state: one world, the states seen, and the snapshots of two levels. */
class Search {
  statesExplored = 0;
  transitions = 0;
  statesQueued = 0;
  depth = 0;
  private world: CheckWorld;
  /** Null when the TLB model cannot save its state: states are then replayed (slow). */
  private readonly snapshots: WorldSnapshots | null;
  /** Snapshots of the level being expanded, and of the next one. */
  private level = new SnapshotArena();
  private next = new SnapshotArena();
  private readonly tree = new ScheduleTree();
  private readonly seen = new StateSet();
  private readonly hasher = new WorldHasher();
  /** The choices enabled in the state being expanded (CheckWorld.enabled). */
  private readonly actors: Int32Array;
  private readonly gfns: Int32Array;

  constructor(
    private readonly config: CheckConfig,
    private readonly tlbFactory: GuestTlbFactory,
    private readonly onProgress?: ExploreProgress,
  ) {
    this.world = new CheckWorld(config, tlbFactory, { quiet: true });
    this.snapshots = canSnapshot(this.world) ? new WorldSnapshots(this.world, this.hasher) : null;
    this.actors = new Int32Array(this.world.maxChoices);
    this.gfns = new Int32Array(this.world.maxChoices);
  }

  /** Breadth-first, level by level, until the bound, a violation, or nothing new. */
  run(): SearchResult {
    const { config } = this;
    const snapshotLimit = (config.maxSnapshotMiB ?? DEFAULT_SNAPSHOT_MIB) * MIB;
    let frontier = this.start();
    let next = new Level();
    while (frontier.size > 0) {
      if (this.depth >= config.maxDepth)
        return {
          verdict: 'safe',
          reason: `bound of ${config.maxDepth} steps reached with ${frontier.size} states left`,
        };
      next.size = 0;
      const levelWords = this.level.numbers.at;
      for (let k = 0; k < frontier.size; k++) {
        if (++this.statesExplored > config.maxStates)
          return { verdict: 'incomplete', reason: `more than ${config.maxStates} states` };
        if ((levelWords + this.next.numbers.at) * 8 > snapshotLimit)
          return {
            verdict: 'incomplete',
            reason: `more than ${snapshotLimit / MIB} MiB of snapshots (${this.depth + 1} steps deep)`,
          };
        if ((this.statesExplored & (PROGRESS_EVERY - 1)) === 0)
          this.onProgress?.(this.statesExplored, this.depth);
        const snapshot = frontier.snapshots[k]!;
        if (snapshot === TERMINAL) continue;
        const counterexample = this.expand(frontier.ids[k]!, snapshot, next);
        if (counterexample) return { verdict: 'unsafe', counterexample };
      }
      [frontier, next] = [next, frontier];
      [this.level, this.next] = [this.next, this.level];
      this.next.clear();
      this.depth++;
      this.onProgress?.(this.statesExplored, this.depth);
    }
    return { verdict: 'safe' };
  }

  /** The initial state, marked seen. */
  private start(): Level {
    this.hasher.hash(this.world);
    this.seen.add(this.hasher.h1, this.hasher.h2);
    const level = new Level();
    level.push(0, this.snapshots?.save(this.level) ?? NO_SNAPSHOT);
    return level;
  }

  /** Takes every transition of state `id`; new states go to `next`. Returns a violation, if any. */
  private expand(id: number, snapshot: number, next: Level): CheckOutcome['counterexample'] {
    const { actors, gfns, hasher } = this;
    this.restore(id, snapshot);
    const n = this.world.enabled(actors, gfns);
    for (let i = 0; i < n; i++) {
      this.transitions++;
      if (i > 0) this.restore(id, snapshot);
      const world = this.world;
      world.take(actors[i]!, gfns[i]!);
      // A state with nothing left to do ends with the final pause-and-harvest.
      const terminal = !world.hasChoices();
      if (terminal) world.finish();
      if (world.world.violations.length > 0) {
        const schedule = [...this.tree.schedule(id), { actor: actors[i]!, gfn: gfns[i]! }];
        return { schedule, violation: replayViolation(this.config, this.tlbFactory, schedule) };
      }
      hasher.hash(world);
      if (!this.seen.add(hasher.h1, hasher.h2)) continue;
      if (!terminal) this.statesQueued++;
      const saved = terminal
        ? TERMINAL
        : this.snapshots
          ? this.snapshots.save(this.next)
          : NO_SNAPSHOT;
      next.push(this.tree.add(id, actors[i]!, gfns[i]!), saved);
    }
    return undefined;
  }

  private restore(id: number, snapshot: number): void {
    if (this.snapshots) this.snapshots.restore(this.level, snapshot);
    else this.world = replay(this.config, this.tlbFactory, this.tree.schedule(id), { quiet: true });
  }
}

/** Builds the initial world and takes the schedule's choices. */
export function replay(
  config: CheckConfig,
  tlbFactory: GuestTlbFactory,
  schedule: readonly Choice[],
  options: CheckWorldOptions = {},
): CheckWorld {
  const world = new CheckWorld(config, tlbFactory, options);
  for (const choice of schedule) world.apply(choice);
  return world;
}

/** The first violation of a counterexample, replayed with its trace. */
function replayViolation(
  config: CheckConfig,
  tlbFactory: GuestTlbFactory,
  schedule: readonly Choice[],
): Violation {
  const world = replay(config, tlbFactory, schedule);
  if (!world.hasChoices()) world.finish();
  const violation = world.world.violations[0];
  if (!violation) throw new Error('explore: a counterexample did not replay to its violation');
  return violation;
}
