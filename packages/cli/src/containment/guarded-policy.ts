import type { FlushDecision, FlushPolicy, FlushRequest } from '@spte-lab/spte-core';
import { type HeartbeatWriter, HOOKS } from './heartbeat.js';
import { flushPointView, type InputView, leafChangeView } from './input-views.js';
import { attemptedExit, inHook } from './plugin-exit.js';

const isIndex = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
const isGfn = (n: unknown) => isIndex(n) && n < 2 ** 32;

/**
 * What the policy adapter does not check about a scope (it checks kinds and timings): a range
 * of whole, non-negative gfns, vCPU ids that are whole non-negative numbers. Out-of-range vCPU
 * ids are found by the TLB model when the flush runs (see runFailure).
 */
function scopeProblem(request: FlushRequest): string | undefined {
  const scope = request?.scope as {
    kind?: unknown;
    gfn?: unknown;
    count?: unknown;
    vcpus?: unknown;
  };
  if (scope?.kind === 'range' && !(isGfn(scope.gfn) && isIndex(scope.count) && scope.count > 0))
    return `a range needs a whole gfn in [0, 2^32) and a whole count ≥ 1, got ${JSON.stringify(scope)}`;
  if (scope?.kind === 'vcpus' && !(Array.isArray(scope.vcpus) && scope.vcpus.every(isIndex)))
    return `vcpus must be a list of vCPU ids (whole numbers ≥ 0), got ${JSON.stringify(scope)}`;
  return undefined;
}

function checkedDecision(hook: string, decision: FlushDecision): FlushDecision {
  if (decision == null || typeof decision !== 'object') return decision;
  const list = (Array.isArray(decision) ? decision : [decision]) as readonly FlushRequest[];
  for (const request of list) {
    const problem = scopeProblem(request);
    if (problem) throw new Error(`${hook} returned an invalid flush: ${problem}`);
  }
  return decision;
}

/**
 * A plugin's policy as the model sees it: its hooks get read-only views of their inputs, say
 * on `heartbeat` (when given) which hook is running for the stall watchdog, have
 * `process.exit` attempts and malformed scopes turned into throws — which the model's policy
 * adapter reports as a PolicyError naming the policy, and the CLI as one line naming the plugin.
 */
export function guardedPolicy(policy: FlushPolicy, heartbeat?: HeartbeatWriter): FlushPolicy {
  const name = new TextEncoder().encode(policy.name);
  function guard<T extends object>(
    hook: number,
    call: ((input: T) => FlushDecision) | undefined,
    input: InputView<T>,
  ) {
    if (!call) return undefined;
    const hookName = HOOKS[hook]!;
    return (value: T): FlushDecision => {
      input.show(value);
      heartbeat?.enter(name, hook);
      try {
        const decision = inHook(() => call.call(policy, input.view));
        const exit = attemptedExit();
        if (exit) throw exit;
        return checkedDecision(hookName, decision);
      } catch (error) {
        // A plugin that caught the trap's throw still called process.exit.
        throw attemptedExit() ?? error;
      } finally {
        heartbeat?.leave();
      }
    };
  }
  const onLeafChange = guard(0, policy.onLeafChange, leafChangeView());
  const onFlushPoint = guard(1, policy.onFlushPoint, flushPointView());
  const { name: policyName, description, kernel, kvmBehaviour } = policy;
  const { apiVersion } = policy as { apiVersion?: string };
  return Object.freeze({
    name: policyName,
    description,
    ...(apiVersion !== undefined ? { apiVersion } : {}),
    ...(kernel !== undefined ? { kernel } : {}),
    ...(kvmBehaviour !== undefined ? { kvmBehaviour } : {}),
    ...(onLeafChange ? { onLeafChange } : {}),
    ...(onFlushPoint ? { onFlushPoint } : {}),
  });
}
