import {
  hasVolatileBits,
  isAccessTrack,
  isMmuWritable,
  isWritable,
  joinWords,
  leafSpteChangeNeedsTlbFlush,
  makeSpte,
  makeSpteArgs,
  spteApi,
  spteContext,
  spteWriteProtect,
} from '@spte-lab/spte-core';
import type { Benchmark } from '../harness.js';

/*
 * The SPTE encodings' two faces on the same mix per SPTE: four predicates, the leaf flush rule
 * against the next SPTE, and spte_write_protect. Baseline: a loop reading the same four words.
 */

const ENTRIES = 1 << 14; // a power of two: i & MASK walks the table
const MASK = ENTRIES - 1;
const CALLS = 6;

/** Leaves as make_spte builds them, from a fixed xorshift seed. */
function buildTable(ctx: ReturnType<typeof spteContext>): Uint32Array {
  const words = new Uint32Array(2 * ENTRIES);
  const args = makeSpteArgs({ mtMask: 0x70 });
  let x = 0x2545f491;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  for (let i = 0; i < ENTRIES; i++) {
    const r = next();
    args.level = 1 + (r % 3);
    args.pteAccess = (r >>> 2) & 7;
    args.pfn = next() & 0x3ffffff;
    args.prefetch = (r & 0x100) !== 0;
    args.unsyncFails = (r & 0x200) !== 0;
    makeSpte(ctx, args, words, 2 * i);
  }
  return words;
}

/** The two rows; the table of SPTEs is built here, not at import. */
export function spteEncodingBenchmarks(): Benchmark[] {
  const ctx = spteContext('ept', 'v6.13');
  const api = spteApi('ept', 'v6.13');
  const words = buildTable(ctx);
  const values: readonly bigint[] = Array.from({ length: ENTRIES }, (_, i) =>
    joinWords(words[2 * i] ?? 0, words[2 * i + 1] ?? 0),
  );
  const out = new Uint32Array(2);

  function bareLoop(iterations: number): number {
    let acc = 0;
    for (let i = 0; i < iterations; i++) {
      const j = 2 * (i & MASK);
      const k = 2 * ((i + 1) & MASK);
      acc ^= (words[j] ?? 0) + (words[j + 1] ?? 0) + (words[k] ?? 0) + (words[k + 1] ?? 0);
    }
    return acc;
  }

  const wordFace: Benchmark = {
    name: 'spte-encoding/word-face',
    description: 'predicates + leaf_spte_change_needs_tlb_flush + spte_write_protect on words',
    opsPerIteration: CALLS,
    unit: 'calls/s',
    baselineName: 'a loop reading the same SPTE words',
    baseline: bareLoop,
    run(iterations) {
      let acc = 0;
      for (let i = 0; i < iterations; i++) {
        const j = 2 * (i & MASK);
        const k = 2 * ((i + 1) & MASK);
        const lo = words[j] ?? 0;
        const hi = words[j + 1] ?? 0;
        acc += isMmuWritable(ctx, lo, hi) ? 1 : 0;
        acc += isWritable(ctx, lo, hi) ? 2 : 0;
        acc += isAccessTrack(ctx, lo, hi) ? 4 : 0;
        acc += hasVolatileBits(ctx, lo, hi) ? 8 : 0;
        acc += leafSpteChangeNeedsTlbFlush(ctx, lo, hi, words[k] ?? 0, words[k + 1] ?? 0) ? 16 : 0;
        acc += spteWriteProtect(ctx, lo, hi, (i & 1) === 0, out, 0);
        acc ^= out[0] ?? 0;
      }
      return acc;
    },
  };

  const bigintFace: Benchmark = {
    name: 'spte-encoding/bigint-face',
    description: 'the same mix through the bigint face',
    opsPerIteration: CALLS,
    unit: 'calls/s',
    baselineName: 'a loop reading the same SPTE words',
    baseline: bareLoop,
    run(iterations) {
      let acc = 0;
      for (let i = 0; i < iterations; i++) {
        const v = values[i & MASK] ?? 0n;
        acc += api.isMmuWritable(v) ? 1 : 0;
        acc += api.isWritable(v) ? 2 : 0;
        acc += api.isAccessTrack(v) ? 4 : 0;
        acc += api.hasVolatileBits(v) ? 8 : 0;
        acc += api.leafSpteChangeNeedsTlbFlush(v, values[(i + 1) & MASK] ?? 0n) ? 16 : 0;
        const r = api.spteWriteProtect(v, (i & 1) === 0);
        acc += (r.changed ? 1 : 0) + (r.flush ? 2 : 0);
        acc ^= Number(r.spte & 0xffffn);
      }
      return acc;
    },
  };
  return [wordFace, bigintFace];
}
