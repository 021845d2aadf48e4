import type { FlushDecision, FlushRequest } from '@spte-lab/spte-core';
import { flushAllRequest } from '../requests.js';
import type { PolicyDecision, PolicyRequest } from './policy-definition.js';

const ALL_SCOPE = Object.freeze({ kind: 'all' as const });

function isShorthand(request: PolicyRequest): boolean {
  return request !== null && typeof request === 'object' && request.scope === 'all';
}

/**
 * `{ scope: 'all', timing }` becomes the port's shared frozen request for that timing, so the
 * shorthand costs no allocation. Anything else is passed on untouched: the simulator's policy
 * adapter checks every answer and names the policy when one is malformed.
 */
function toPortRequest(request: PolicyRequest): FlushRequest {
  if (!isShorthand(request)) return request as FlushRequest;
  return flushAllRequest(request.timing) ?? { scope: ALL_SCOPE, timing: request.timing };
}

/** A hook's answer in the port's form (FlushDecision): `false` means no flush, like `null`. */
export function toPortDecision(decision: PolicyDecision): FlushDecision {
  if (decision == null || decision === false) return null;
  if (Array.isArray(decision)) {
    const list = decision as readonly PolicyRequest[];
    return list.some(isShorthand) ? list.map(toPortRequest) : (list as readonly FlushRequest[]);
  }
  return toPortRequest(decision as PolicyRequest);
}
