const floatView = new Float64Array(1);
const floatWords = new Uint32Array(floatView.buffer);

/**
 * A 64-bit hash of a stream of 32-bit words in two lanes (MurmurHash3's and xxHash32's
 * rounds), so that states are told apart by two numbers instead of a long string. Words are
 * gathered in a typed array and mixed in one loop at the end: mixing as they come costs a call
 * per word in the large functions that feed it.
 */
export class StateHasher {
  h1 = 0;
  h2 = 0;
  private words = new Int32Array(256);
  private n = 0;

  reset(): void {
    this.n = 0;
  }

  word(x: number): void {
    if (this.n === this.words.length) this.grow(1);
    this.words[this.n++] = x;
  }

  /** Any number, exactly (its IEEE-754 bits). */
  float(x: number): void {
    floatView[0] = x;
    this.word(floatWords[0]!);
    this.word(floatWords[1]!);
  }

  /** Ends the stream: `h1` and `h2` are the hash. */
  finish(): void {
    this.mix(this.words, this.n);
  }

  /** Hashes `words[0, n)` instead of the stream: the result is in `h1` and `h2`. */
  mix(words: Int32Array, n: number): void {
    let h1 = 0x2f9ba3c1;
    let h2 = 0x165667b1;
    for (let i = 0; i < n; i++) {
      const x = words[i]!;
      h1 = round1(h1, x);
      h2 = round2(h2, x);
    }
    this.h1 = fmix(h1 ^ n);
    this.h2 = fmix(h2 ^ Math.imul(n, 0x27d4eb2f));
  }

  private grow(extra: number): void {
    const bigger = new Int32Array(Math.max(this.words.length * 2, this.n + extra));
    bigger.set(this.words);
    this.words = bigger;
  }
}

/** MurmurHash3's round (lane 1). */
function round1(h: number, x: number): number {
  let k = Math.imul(x, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** xxHash32's round (lane 2). */
function round2(h: number, x: number): number {
  h = (h + Math.imul(x, 0x85ebca77)) | 0;
  h = (h << 13) | (h >>> 19);
  return Math.imul(h, 0x9e3779b1);
}

/** MurmurHash3's finaliser: every input bit affects every output bit. */
export function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
