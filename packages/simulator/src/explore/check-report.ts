import type { Violation } from '@spte-lab/reporter';
import type { CheckConfig } from './check-config.js';
import type { Choice } from './check-world.js';
import type { CounterexampleStep } from './counterexample.js';
import type { CheckOutcome } from './explorer.js';

/** A check's configuration as data: the policy by name (what `--replay` files store). */
export type CheckSpec = Omit<CheckConfig, 'policy'> & { readonly policy: string };

/** What `spte-lab check` reports; with a counterexample, `replay` is a ready replay file. */
export interface CheckReport {
  readonly spec: CheckSpec;
  readonly verdict: CheckOutcome['verdict'];
  readonly statesExplored: number;
  readonly transitions: number;
  readonly depthReached: number;
  readonly maxDepth: number;
  readonly reason?: string;
  readonly seconds: number;
  readonly statesPerSecond: number;
  readonly violation?: Violation;
  readonly steps?: readonly CounterexampleStep[];
  readonly replay?: ReplayFile;
}

/** A counterexample that `spte-lab run --replay FILE` reproduces. */
export interface ReplayFile {
  readonly kind: 'spte-lab-schedule';
  readonly schemaVersion: 1;
  readonly spec: CheckSpec;
  readonly schedule: readonly Choice[];
}

/** Parses a replay file, naming the problem (and the file) when it is not one. */
export function parseReplayFile(json: unknown, source: string): ReplayFile {
  const f = json as Partial<ReplayFile> | null;
  const fail = (what: string): never => {
    throw new Error(`${source}: not a spte-lab schedule file: ${what}`);
  };
  if (!f || typeof f !== 'object') fail('expected a JSON object');
  if (f!.kind !== 'spte-lab-schedule') fail(`"kind" must be "spte-lab-schedule"`);
  if (f!.schemaVersion !== 1)
    fail(`unsupported schemaVersion ${String(f!.schemaVersion)} (this spte-lab reads 1)`);
  if (!f!.spec || typeof f!.spec.policy !== 'string') fail('"spec.policy" is missing');
  if (!Array.isArray(f!.schedule)) fail('"schedule" must be an array');
  f!.schedule!.forEach((c, i) => {
    if (!c || !Number.isInteger(c.actor) || !Number.isInteger(c.gfn))
      fail(`schedule[${i}] must be { actor, gfn } integers`);
  });
  return f as ReplayFile;
}
