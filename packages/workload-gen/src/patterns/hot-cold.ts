import type { Rng } from '../rng/rng.js';
import type { GfnPattern } from './gfn-pattern.js';

/**
 * A hot set of `hotFraction` of the gfns (at least one), spread evenly over the guest so it
 * touches many 2M regions; `hotShare` of the accesses go to it, the rest to the cold gfns.
 */
export function hotColdPattern(
  gfns: number,
  hotFraction: number,
  hotShare: number,
  rng: Rng,
): GfnPattern {
  const hotCount = Math.min(gfns, Math.max(1, Math.round(hotFraction * gfns)));
  const hot = new Uint32Array(hotCount);
  const isHot = new Uint8Array(gfns);
  for (let i = 0; i < hotCount; i++) isHot[(hot[i] = Math.floor((i * gfns) / hotCount))] = 1;
  const cold = new Uint32Array(gfns - hotCount);
  for (let g = 0, j = 0; g < gfns; g++) if (!isHot[g]) cold[j++] = g;
  return {
    next() {
      if (cold.length === 0 || rng.chance(hotShare)) return hot[rng.int(0, hotCount - 1)]!;
      return cold[rng.int(0, cold.length - 1)]!;
    },
  };
}
