import type { AccessStream } from './access-stream.js';

/**
 * The baseline of `tlb-model/adversarial`: the algorithm of adversarial retention with nothing
 * around it — per vCPU an open-addressing map (linear probing, load factor <= 1/2, doubling) of
 * `vpn * 4 + level` keys with a generation per slot, probed at each level that holds entries;
 * on a hit the permission byte and base pfn are read, on a miss the 4K translation is inserted.
 * No classes per entry, no counters, no walk, no permissions check.
 */
export class BareUnboundedLoop {
  private readonly maps: OpenMap[] = [];

  constructor(private readonly stream: AccessStream) {
    const vcpus = stream.vcpu.reduce((max, v) => Math.max(max, v + 1), 0);
    for (let v = 0; v < vcpus; v++) this.maps.push(new OpenMap());
  }

  /** `iterations` accesses from the stream; returns a checksum of what the hits read. */
  run(iterations: number): number {
    const { vcpu, gfn, length } = this.stream;
    const mask = length - 1;
    let acc = 0;
    for (let i = 0; i < iterations; i++) {
      const j = i & mask;
      acc = (acc + this.maps[vcpu[j]!]!.access(gfn[j]!)) | 0;
    }
    return acc;
  }
}

class OpenMap {
  private keys = new Float64Array(256);
  private gens = new Uint32Array(256);
  private perms = new Uint8Array(256);
  private basePfn = new Float64Array(256);
  private mask = 255;
  private live = 0;
  private readonly gen = 1;
  private readonly levelLive = new Int32Array(4);

  access(gfn: number): number {
    for (let level = 1; level <= 3; level++) {
      if (this.levelLive[level] === 0) continue;
      const vpn = gfn >>> (9 * (level - 1));
      const key = vpn * 4 + level;
      let i = hash(vpn, level) & this.mask;
      while (this.gens[i] === this.gen) {
        if (this.keys[i] === key) return this.perms[i]! + this.basePfn[i]!;
        i = (i + 1) & this.mask;
      }
    }
    this.insert(gfn * 4 + 1, gfn, 7, gfn);
    return 0;
  }

  private insert(key: number, vpn: number, perms: number, basePfn: number): void {
    if ((this.live + 1) * 2 > this.keys.length) this.grow();
    let i = hash(vpn, 1) & this.mask;
    while (this.gens[i] === this.gen) i = (i + 1) & this.mask;
    this.keys[i] = key;
    this.gens[i] = this.gen;
    this.perms[i] = perms;
    this.basePfn[i] = basePfn;
    this.live++;
    this.levelLive[1]!++;
  }

  private grow(): void {
    const { keys, gens, perms, basePfn } = this;
    const capacity = keys.length * 2;
    this.keys = new Float64Array(capacity);
    this.gens = new Uint32Array(capacity);
    this.perms = new Uint8Array(capacity);
    this.basePfn = new Float64Array(capacity);
    this.mask = capacity - 1;
    this.live = 0;
    this.levelLive[1] = 0;
    for (let i = 0; i < keys.length; i++)
      if (gens[i] === this.gen) this.insert(keys[i]!, (keys[i]! - 1) / 4, perms[i]!, basePfn[i]!);
  }
}

/** The same (vpn, level) hash as tlb-model's UnboundedTlb. */
function hash(vpn: number, level: number): number {
  let h = (vpn | 0) ^ Math.imul(level, 0x9e3779b9);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
