import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FlushPolicy } from '@spte-lab/spte-core';

/**
 * The part of `@spte-lab/simulator` the kit drives, typed by shape so that this package does
 * not import the simulator (the simulator depends on it: ARCHITECTURE.md, "Dependency
 * direction"). `createSimulator` from `@spte-lab/simulator` is a SimulatorFactory as it is.
 */
export interface ConformanceSimulator {
  policyNames(): string[];
  policy(name: string): FlushPolicy;
  scenarioNames(): string[];
  scenario(name: string): unknown;
  // Loosely typed on purpose: with method bivariance the simulator's own RunInput fits.
  run(input: {
    policy: FlushPolicy;
    scenario: unknown;
    seed: number;
    retention?: string;
  }): ConformanceRun;
  check(input: { policy: string }): ConformanceCheck;
}

export type SimulatorFactory = (options: {
  readonly plugins: readonly FlushPolicy[];
}) => ConformanceSimulator;

export interface ConformanceTraceStep {
  readonly step: number;
  readonly actor: string;
  readonly operation: string;
  readonly detail: string;
}

/** A lost write (or unmapped access) the simulator's oracle saw, with the steps that led to it. */
export interface ConformanceViolation {
  readonly kind: string;
  readonly gfn: number;
  readonly vcpu: number;
  readonly step: number;
  readonly message: string;
  readonly trace: readonly ConformanceTraceStep[];
}

export interface ConformanceRun {
  readonly violations: readonly ConformanceViolation[];
}

export interface ConformanceCheck {
  readonly verdict: 'safe' | 'unsafe' | 'incomplete';
  readonly statesExplored: number;
  readonly reason?: string;
  readonly violation?: ConformanceViolation;
  readonly steps?: readonly {
    readonly n: number;
    readonly actor: string;
    readonly events: readonly { readonly operation: string; readonly detail: string }[];
  }[];
}

/**
 * Kept in a variable on purpose: the simulator is an optional peer of this entry, found at run
 * time in the project under test. A literal `import('@spte-lab/simulator')` would make this
 * package depend on its own dependant, a cycle the workspace's build order cannot have.
 */
const SIMULATOR_PACKAGE = '@spte-lab/simulator';

async function importSimulator(): Promise<unknown> {
  try {
    return await import(/* @vite-ignore */ SIMULATOR_PACKAGE);
  } catch (nearby) {
    // Strict layouts (pnpm) keep undeclared packages out of reach of this file; the project
    // under test (the current directory) is where the author installed it.
    try {
      const projectRequire = createRequire(join(process.cwd(), 'package.json'));
      return await import(pathToFileURL(projectRequire.resolve(SIMULATOR_PACKAGE)).href);
    } catch {
      throw new Error(
        `the conformance kit needs ${SIMULATOR_PACKAGE} to run scenarios: install it as a ` +
          `devDependency, or pass { simulator: createSimulator } (${(nearby as Error).message})`,
      );
    }
  }
}

let loading: Promise<SimulatorFactory> | undefined;

/** `createSimulator` from the project's `@spte-lab/simulator`, loaded once. */
export function loadSimulatorFactory(): Promise<SimulatorFactory> {
  loading ??= importSimulator().then((module) => {
    const create = (module as { createSimulator?: unknown }).createSimulator;
    if (typeof create !== 'function') {
      throw new Error(`${SIMULATOR_PACKAGE} does not export createSimulator`);
    }
    return create as SimulatorFactory;
  });
  return loading;
}
