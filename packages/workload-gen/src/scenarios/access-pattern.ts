import type { GuestAccess } from '../events/workload-event.js';
import type { Rng } from '../rng/rng.js';
import type { ScenarioParams } from './scenario-preset.js';

/** A uniformly random guest access: any vCPU, any gfn, writes with probability `writeShare`. */
export function randomAccess(params: ScenarioParams, rng: Rng, writeShare = 0.6): GuestAccess {
  return {
    type: 'access',
    vcpu: rng.int(0, params.vcpus - 1),
    gfn: rng.int(0, params.gfns - 1),
    access: rng.chance(writeShare) ? 'write' : 'read',
  };
}

/** Every vCPU writes some gfns before logging starts, leaving writable TLB entries (spec §4.2). */
export function* warmUp(params: ScenarioParams, rng: Rng): Generator<GuestAccess> {
  for (let i = 0; i < params.vcpus * 2; i++) yield randomAccess(params, rng, 1);
}
