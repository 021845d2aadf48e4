import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

export type ReplacementPolicy = 'lru' | 'random';

/**
 * Chooses the way to evict in a full set. LRU uses per-entry stamps kept by the array; random
 * uses a seeded pure-rand generator so a run is reproducible (STYLE.md: randomness comes only
 * from a seed in the configuration). Real Intel TLBs use undocumented pseudo-LRU variants;
 * both choices are approximations of it.
 */
export class Replacement {
  private readonly rng: RandomGenerator | null;

  constructor(
    readonly policy: ReplacementPolicy,
    seed: number,
    stream: number,
  ) {
    if (policy === 'random') {
      const rng = xoroshiro128plus(seed);
      // One independent stream per vCPU: jump() skips 2^64 outputs.
      for (let i = 0; i < stream; i++) rng.jump();
      this.rng = rng;
    } else {
      this.rng = null;
    }
  }

  /** Index of the victim among `ways` full slots starting at `base`. */
  victim(stamps: Float64Array, base: number, ways: number): number {
    if (this.rng !== null) return base + uniformInt(this.rng, 0, ways - 1);
    let best = base;
    let oldest = stamps[base]!;
    for (let i = base + 1; i < base + ways; i++) {
      const s = stamps[i]!;
      if (s < oldest) {
        oldest = s;
        best = i;
      }
    }
    return best;
  }
}
