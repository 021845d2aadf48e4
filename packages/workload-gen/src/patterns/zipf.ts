import { type Rng, RNG_RESOLUTION } from '../rng/rng.js';
import type { GfnPattern } from './gfn-pattern.js';

/**
 * Zipf(s) over gfns: gfn k is drawn with weight 1/(k+1)^s, so gfn 0 is the most popular. The
 * CDF is quantised once to integer thresholds out of 2^30 and each draw is one integer and a
 * binary search: no floating point per draw, so streams cannot drift between machines.
 */
export function zipfPattern(gfns: number, s: number, rng: Rng): GfnPattern {
  const thresholds = zipfThresholds(gfns, s);
  return {
    next() {
      const x = rng.int(0, RNG_RESOLUTION - 1);
      let lo = 0;
      let hi = gfns - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (x < thresholds[mid]!) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    },
  };
}

/** thresholds[k] = round(CDF(k) * 2^30); the last is exactly 2^30. */
export function zipfThresholds(gfns: number, s: number): Uint32Array {
  const weights = new Float64Array(gfns);
  let total = 0;
  for (let k = 0; k < gfns; k++) total += weights[k] = (k + 1) ** -s;
  const thresholds = new Uint32Array(gfns);
  let cumulative = 0;
  for (let k = 0; k < gfns; k++) {
    cumulative += weights[k]!;
    thresholds[k] = Math.round((cumulative / total) * RNG_RESOLUTION);
  }
  thresholds[gfns - 1] = RNG_RESOLUTION;
  return thresholds;
}
