import type { Rng } from '../rng/rng.js';
import type { GfnPattern } from './gfn-pattern.js';

/**
 * Per-vCPU working sets: the guest is cut into one slice per vCPU; a vCPU's access goes to its
 * own slice, except a `sharing` share that goes anywhere (the cross-vCPU writes that make
 * another vCPU's stale TLB entries matter). With fewer gfns than vCPUs, slices share gfns.
 */
export function workingSetPattern(
  vcpus: number,
  gfns: number,
  sharing: number,
  rng: Rng,
): GfnPattern {
  const start = (v: number) => Math.floor((v * gfns) / vcpus);
  return {
    next(vcpu) {
      if (rng.chance(sharing)) return rng.int(0, gfns - 1);
      const first = start(vcpu);
      const last = Math.max(first, start(vcpu + 1) - 1);
      return Math.min(gfns - 1, rng.int(first, last));
    },
  };
}
