import type { AccessStream } from './access-stream.js';

/**
 * The shared reference loop of the bench (issue 20), `baseline/bare-hash-probe`: for each
 * access of the stream, one lookup of (vCPU, gfn) in an open-addressing table (linear probing,
 * load factor <= 1/4, a multiply-xorshift hash) holding every vCPU's working set, in flat typed
 * arrays. It is the least a model of "is this translation cached?" can do per access, so every
 * row's rate divided by its rate (`ratioToBareProbe`) says how far the row is from that floor.
 */
export class BareHashProbe {
  private readonly keys: Int32Array;
  private readonly values: Int32Array;
  private readonly mask: number;

  constructor(private readonly stream: AccessStream) {
    const { workingSets, workingSet } = stream;
    let capacity = 8;
    while (capacity < 4 * workingSets.length) capacity *= 2;
    this.keys = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let i = 0; i < workingSets.length; i++) {
      const key = probeKey(Math.floor(i / workingSet), workingSets[i]!);
      let slot = mix(key) & this.mask;
      while (this.keys[slot] !== 0 && this.keys[slot] !== key) slot = (slot + 1) & this.mask;
      this.keys[slot] = key;
      this.values[slot] = workingSets[i]! + 1;
    }
  }

  /** `iterations` lookups from the stream; returns the sum of the values found. */
  run(iterations: number): number {
    const { vcpu, gfn, length } = this.stream;
    const { keys, values, mask } = this;
    const streamMask = length - 1;
    let acc = 0;
    for (let i = 0; i < iterations; i++) {
      const j = i & streamMask;
      const key = probeKey(vcpu[j]!, gfn[j]!);
      let slot = mix(key) & mask;
      for (;;) {
        const k = keys[slot]!;
        if (k === key) {
          acc = (acc + values[slot]!) | 0;
          break;
        }
        if (k === 0) break;
        slot = (slot + 1) & mask;
      }
    }
    return acc;
  }
}

/** Never 0 (0 marks an empty slot): gfns below 2^24 and vCPUs below 128 fit in 31 bits. */
function probeKey(vcpu: number, gfn: number): number {
  return ((vcpu << 24) | gfn) + 1;
}

/** 32-bit multiply-xorshift (MurmurHash3's finaliser), as the TLB model's hash tables use. */
function mix(x: number): number {
  let h = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
