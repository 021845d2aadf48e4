/**
 * The set of state hashes seen so far: 64-bit keys as two 32-bit halves in one typed array
 * (open addressing, linear probing, load factor at most 1/2), so a million states cost 16 MB
 * and no strings.
 */
export class StateSet {
  private table = new Int32Array(2 * 4096);
  private mask = 4095;
  size = 0;

  /** Adds the hash (h1, h2); false if it was already there. */
  add(h1: number, h2: number): boolean {
    // (0, 0) marks an empty slot; that one hash shares its slot with (0, 1).
    if (h1 === 0 && h2 === 0) h2 = 1;
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    return this.insert(h1 | 0, h2 | 0);
  }

  private insert(h1: number, h2: number): boolean {
    const table = this.table;
    const mask = this.mask;
    for (let i = (h1 ^ Math.imul(h2, 0x9e3779b1)) & mask; ; i = (i + 1) & mask) {
      const a = table[2 * i]!;
      const b = table[2 * i + 1]!;
      if (a === h1 && b === h2) return false;
      if (a === 0 && b === 0) {
        table[2 * i] = h1;
        table[2 * i + 1] = h2;
        this.size++;
        return true;
      }
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2);
    this.mask = old.length - 1;
    this.size = 0;
    for (let i = 0; i < old.length; i += 2)
      if (old[i] !== 0 || old[i + 1] !== 0) this.insert(old[i]!, old[i + 1]!);
  }
}
