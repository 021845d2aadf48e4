import type { AccessType, GuestAccess } from '../events/workload-event.js';
import type { Rng } from '../rng/rng.js';
import { createGfnPattern, type PatternParams } from './gfn-pattern.js';

export interface AccessParams extends PatternParams {
  readonly writeShare: number;
  readonly execShare: number;
}

/** Read, write or exec from one draw: writes below writeShare, fetches in the next execShare. */
export function accessKind(rng: Rng, writeShare: number, execShare: number): AccessType {
  const x = rng.fraction();
  return x < writeShare ? 'write' : x < writeShare + execShare ? 'exec' : 'read';
}

/**
 * A source of guest accesses: a uniformly chosen vCPU, a gfn from the access pattern, a kind
 * from the mix. `writeShare` overrides the mix for phases such as warm-up (all writes).
 */
export function guestAccesses(
  p: AccessParams,
  rng: Rng,
): (writeShare?: number, execShare?: number) => GuestAccess {
  const pattern = createGfnPattern(p, rng);
  return (writeShare = p.writeShare, execShare = p.execShare) => {
    const vcpu = rng.int(0, p.vcpus - 1);
    const gfn = pattern.next(vcpu);
    return { type: 'access', vcpu, gfn, access: accessKind(rng, writeShare, execShare) };
  };
}
