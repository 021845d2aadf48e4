import type { GfnPattern } from './gfn-pattern.js';

/**
 * Each vCPU scans the guest from its own starting point (vCPU v at v/vcpus of the way), `stride`
 * gfns at a time, wrapping around: page zeroing, copies, streaming reads. No randomness.
 */
export function sequentialPattern(vcpus: number, gfns: number, stride: number): GfnPattern {
  const cursor = Float64Array.from({ length: vcpus }, (_, v) => Math.floor((v * gfns) / vcpus));
  return {
    next(vcpu) {
      const gfn = cursor[vcpu]!;
      cursor[vcpu] = (gfn + stride) % gfns;
      return gfn;
    },
  };
}
