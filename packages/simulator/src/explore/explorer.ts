/**
 * Exhaustive exploration of a small configuration (issue "spte-lab check"): breadth-first over
 * every interleaving of the actors' fine-grained steps and every gfn choice, with adversarial
 * TLB retention. States are hashed so each is expanded once; breadth-first order makes the
 * first counterexample a shortest one. A node is a schedule, replayed from the initial state:
 * slower than cloning, but the model needs no copy code and a schedule is a ready replay file.
 */
import type { Violation } from '@spte-lab/reporter';
import type { GuestTlbFactory } from '../run/world.js';
import type { CheckConfig } from './check-config.js';
import { type Choice, CheckWorld } from './check-world.js';
import { hash64, worldFingerprint } from './fingerprint.js';

export interface CheckOutcome {
  readonly verdict: 'safe' | 'unsafe' | 'incomplete';
  /** Distinct states expanded. */
  readonly statesExplored: number;
  /** Transitions taken (including those into states seen before). */
  readonly transitions: number;
  /** The deepest level reached, and the bound. */
  readonly depthReached: number;
  readonly maxDepth: number;
  /** Why the search stopped early, for 'incomplete'. */
  readonly reason?: string;
  /** For 'unsafe': the shortest schedule that breaks the policy and what broke. */
  readonly counterexample?: { readonly schedule: readonly Choice[]; readonly violation: Violation };
  readonly seconds: number;
}

export function explore(config: CheckConfig, tlbFactory: GuestTlbFactory): CheckOutcome {
  const started = performance.now();
  const seen = new Set<string>();
  let frontier: Choice[][] = [[]];
  let statesExplored = 0;
  let transitions = 0;
  let depth = 0;
  const choices: Choice[] = [];
  const terminalProbe: Choice[] = [];
  const done = (
    rest: Omit<
      CheckOutcome,
      'statesExplored' | 'transitions' | 'depthReached' | 'maxDepth' | 'seconds'
    >,
  ): CheckOutcome => ({
    ...rest,
    statesExplored,
    transitions,
    depthReached: depth,
    maxDepth: config.maxDepth,
    seconds: (performance.now() - started) / 1000,
  });

  seen.add(hash64(fingerprintOf(replay(config, tlbFactory, []))));
  while (frontier.length > 0) {
    if (depth >= config.maxDepth)
      return done({
        verdict: 'safe',
        reason: `bound of ${config.maxDepth} steps reached with ${frontier.length} states left`,
      });
    const next: Choice[][] = [];
    for (const schedule of frontier) {
      statesExplored++;
      if (statesExplored > config.maxStates)
        return done({ verdict: 'incomplete', reason: `more than ${config.maxStates} states` });
      const world = replay(config, tlbFactory, schedule);
      world.choices(choices);
      for (const choice of [...choices]) {
        transitions++;
        const child = [...schedule, choice];
        const childWorld = replay(config, tlbFactory, child);
        // A state with nothing left to do ends with the final pause-and-harvest.
        if (childWorld.choices(terminalProbe).length === 0) childWorld.finish();
        const violation = childWorld.world.violations[0];
        if (violation)
          return done({ verdict: 'unsafe', counterexample: { schedule: child, violation } });
        const key = hash64(fingerprintOf(childWorld));
        if (seen.has(key)) continue;
        seen.add(key);
        next.push(child);
      }
    }
    frontier = next;
    depth++;
  }
  return done({ verdict: 'safe' });
}

/** Builds the initial world and takes the schedule's choices. */
export function replay(
  config: CheckConfig,
  tlbFactory: GuestTlbFactory,
  schedule: readonly Choice[],
): CheckWorld {
  const world = new CheckWorld(config, tlbFactory);
  for (const choice of schedule) world.apply(choice);
  return world;
}

function fingerprintOf(world: CheckWorld): string {
  return worldFingerprint(world.world, world.scriptState());
}
