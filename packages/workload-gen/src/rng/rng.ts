import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/**
 * The only source of randomness in spte-lab: a seeded xoroshiro128+ from pure-rand, which
 * gives the same stream for the same seed on every machine and Node version.
 */
export interface Rng {
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability `p` (0..1), at a resolution of 2^-30. */
  chance(p: number): boolean;
  /** Uniform in [0, 1), a multiple of 2^-30 (one draw, like `chance`). */
  fraction(): number;
}

/** 2^30: integer draws scaled by a power of two stay exact in floating point. */
export const RNG_RESOLUTION = 1 << 30;

export function createRng(seed: number): Rng {
  const generator = xoroshiro128plus(seed | 0);
  return {
    int: (min, max) => uniformInt(generator, min, max),
    chance: (p) => uniformInt(generator, 0, RNG_RESOLUTION - 1) < p * RNG_RESOLUTION,
    fraction: () => uniformInt(generator, 0, RNG_RESOLUTION - 1) / RNG_RESOLUTION,
  };
}
