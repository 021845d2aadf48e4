/**
 * A flat buffer of numbers that model state is saved into and loaded back from, in the same
 * order: the exhaustive explorer's snapshots (`spte-lab check`). A class's `saveState(out)`
 * writes its mutable state and `loadState(src)` reads it back: many snapshots share one typed
 * array, and saving or restoring one allocates nothing. Each array type has its own methods:
 * one loop over every type would be several times slower (V8 cannot specialise it).
 */
export class StateBuffer {
  /** The next position to write or read. */
  at = 0;

  constructor(private data: Float64Array = new Float64Array(256)) {}

  write(value: number): void {
    if (this.at === this.data.length) this.grow(1);
    this.data[this.at++] = value;
  }

  writeUint8s(values: Uint8Array): void {
    if (this.at + values.length > this.data.length) this.grow(values.length);
    const data = this.data;
    let at = this.at;
    for (let i = 0; i < values.length; i++) data[at++] = values[i]!;
    this.at = at;
  }

  writeUint16s(values: Uint16Array): void {
    if (this.at + values.length > this.data.length) this.grow(values.length);
    const data = this.data;
    let at = this.at;
    for (let i = 0; i < values.length; i++) data[at++] = values[i]!;
    this.at = at;
  }

  writeUint32s(values: Uint32Array): void {
    if (this.at + values.length > this.data.length) this.grow(values.length);
    const data = this.data;
    let at = this.at;
    for (let i = 0; i < values.length; i++) data[at++] = values[i]!;
    this.at = at;
  }

  writeFloat64s(values: Float64Array): void {
    if (this.at + values.length > this.data.length) this.grow(values.length);
    const data = this.data;
    let at = this.at;
    for (let i = 0; i < values.length; i++) data[at++] = values[i]!;
    this.at = at;
  }

  writeNumbers(values: readonly number[]): void {
    if (this.at + values.length > this.data.length) this.grow(values.length);
    const data = this.data;
    let at = this.at;
    for (let i = 0; i < values.length; i++) data[at++] = values[i]!;
    this.at = at;
  }

  read(): number {
    return this.data[this.at++]!;
  }

  /** Fills `into` (its length says how many numbers). */
  readUint8s(into: Uint8Array): void {
    const data = this.data;
    let at = this.at;
    for (let i = 0; i < into.length; i++) into[i] = data[at++]!;
    this.at = at;
  }

  /** Fills `into` (its length says how many numbers). */
  readUint16s(into: Uint16Array): void {
    const data = this.data;
    let at = this.at;
    for (let i = 0; i < into.length; i++) into[i] = data[at++]!;
    this.at = at;
  }

  /** Fills `into` (its length says how many numbers). */
  readUint32s(into: Uint32Array): void {
    const data = this.data;
    let at = this.at;
    for (let i = 0; i < into.length; i++) into[i] = data[at++]!;
    this.at = at;
  }

  /** Fills `into` (its length says how many numbers). */
  readFloat64s(into: Float64Array): void {
    const data = this.data;
    let at = this.at;
    for (let i = 0; i < into.length; i++) into[i] = data[at++]!;
    this.at = at;
  }

  /** Fills `into` (its length says how many numbers). */
  readNumbers(into: number[]): void {
    const data = this.data;
    let at = this.at;
    for (let i = 0; i < into.length; i++) into[i] = data[at++]!;
    this.at = at;
  }

  private grow(extra: number): void {
    const bigger = new Float64Array(Math.max(this.data.length * 2, this.at + extra));
    bigger.set(this.data);
    this.data = bigger;
  }
}
