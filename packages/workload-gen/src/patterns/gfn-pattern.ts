import type { Rng } from '../rng/rng.js';
import type { AccessPatternName } from './access-parameters.js';
import { hotColdPattern } from './hot-cold.js';
import { sequentialPattern } from './sequential.js';
import { workingSetPattern } from './working-set.js';
import { zipfPattern } from './zipf.js';

/** Picks the gfn of a vCPU's next access. */
export interface GfnPattern {
  next(vcpu: number): number;
}

export interface PatternParams {
  readonly pattern: AccessPatternName;
  readonly vcpus: number;
  readonly gfns: number;
  readonly zipfS: number;
  readonly hotFraction: number;
  readonly hotShare: number;
  readonly stride: number;
  readonly sharing: number;
}

/**
 * The pattern's tables are sized by the guest (at most a few bytes per gfn), never by the
 * stream's length, so a stream of any length runs in constant memory.
 */
export function createGfnPattern(p: PatternParams, rng: Rng): GfnPattern {
  switch (p.pattern) {
    case 'uniform':
      return { next: () => rng.int(0, p.gfns - 1) };
    case 'zipf':
      return zipfPattern(p.gfns, p.zipfS, rng);
    case 'hot-cold':
      return hotColdPattern(p.gfns, p.hotFraction, p.hotShare, rng);
    case 'sequential':
      return sequentialPattern(p.vcpus, p.gfns, p.stride);
    case 'working-set':
      return workingSetPattern(p.vcpus, p.gfns, p.sharing, rng);
  }
}
