import type {
  FlushDecision,
  FlushPoint,
  FlushPolicy,
  FlushRequest,
  LeafChange,
} from '../ports/flush-policy.js';

/** A policy hook threw or answered something that is not a flush decision. */
export class PolicyError extends Error {
  constructor(
    readonly policy: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`policy '${policy}': ${message}`, options);
    this.name = 'PolicyError';
  }
}

const TIMINGS = new Set(['now', 'before-unlock', 'before-return', 'next-entry']);
const SCOPES = new Set(['all', 'range', 'vcpus']);

/**
 * The one adapter through which the model calls a policy (STYLE.md, after ChampSim): a missing
 * hook means "no flush", a throw or a malformed answer becomes a PolicyError naming the policy.
 */
export class PolicyAdapter {
  private readonly leafHook: ((c: LeafChange) => FlushDecision) | undefined;
  private readonly pointHook: ((p: FlushPoint) => FlushDecision) | undefined;

  constructor(readonly policy: FlushPolicy) {
    this.leafHook = policy.onLeafChange?.bind(policy);
    this.pointHook = policy.onFlushPoint?.bind(policy);
  }

  get name(): string {
    return this.policy.name;
  }

  onLeafChange(change: LeafChange): FlushDecision {
    return this.leafHook ? this.checked(() => this.leafHook!(change), 'onLeafChange') : null;
  }

  onFlushPoint(point: FlushPoint): FlushDecision {
    return this.pointHook ? this.checked(() => this.pointHook!(point), 'onFlushPoint') : null;
  }

  private checked(call: () => FlushDecision, hook: string): FlushDecision {
    let decision: FlushDecision;
    try {
      decision = call();
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new PolicyError(this.policy.name, `${hook} threw: ${why}`, { cause: error });
    }
    if (decision == null) return null;
    const list = Array.isArray(decision) ? decision : [decision as FlushRequest];
    for (const request of list) {
      if (!request || !SCOPES.has(request.scope?.kind) || !TIMINGS.has(request.timing)) {
        throw new PolicyError(
          this.policy.name,
          `${hook} returned ${JSON.stringify(request)}; expected { scope: { kind: 'all' | 'range' | 'vcpus' }, timing: 'now' | 'before-unlock' | 'before-return' | 'next-entry' } or null`,
        );
      }
    }
    return decision;
  }
}
