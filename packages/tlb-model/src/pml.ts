/**
 * Intel page-modification logging (spec §4.6; SDM "Page-Modification Logging", §28.2.5 in the
 * edition the spec uses). With PML enabled and EPT A/D on, the processor appends the 4K-aligned
 * guest-physical address to a 512-entry per-vCPU buffer whenever it sets an EPT dirty flag
 * from 0 to 1. KVM drains the buffer on every VM exit (`vmx_flush_pml_buffer`) and on a
 * PML-full exit, marking each gfn dirty. A write through a cached D=1 entry logs nothing: that
 * is the stale-D hazard the post-reap flush exists for.
 *
 * The hardware fills the buffer downwards from index 511; this model keeps log order instead.
 */
import type { StateBuffer } from '@spte-lab/spte-core';

export const PML_LOG_ENTRIES = 512;

export type PmlDrainHook = (vcpu: number, gfns: Uint32Array, count: number) => void;

export class PmlLog {
  private readonly buffers: Uint32Array[];
  private readonly counts: Uint32Array;

  constructor(vcpus: number) {
    this.buffers = Array.from({ length: vcpus }, () => new Uint32Array(PML_LOG_ENTRIES));
    this.counts = new Uint32Array(vcpus);
  }

  isFull(vcpu: number): boolean {
    return this.counts[vcpu] === PML_LOG_ENTRIES;
  }

  pending(vcpu: number): number {
    return this.counts[vcpu]!;
  }

  /** Appends `gfn`; the caller has made room (a full buffer is a VM exit before the access). */
  log(vcpu: number, gfn: number): void {
    const n = this.counts[vcpu]!;
    this.buffers[vcpu]![n] = gfn;
    this.counts[vcpu] = n + 1;
  }

  /**
   * Hands the logged gfns to `hook` and empties the buffer. The hook gets the live buffer
   * (no copy): it must copy what it keeps and must not change SPTEs. Returns the count.
   */
  drain(vcpu: number, hook: PmlDrainHook | null): number {
    const n = this.counts[vcpu]!;
    if (n === 0) return 0;
    this.counts[vcpu] = 0;
    if (hook !== null) hook(vcpu, this.buffers[vcpu]!, n);
    return n;
  }

  /** `vcpu`'s logged gfns not yet drained, count first (the explorer's state identity). */
  writeIdentity(vcpu: number, out: Int32Array, n: number): number {
    const count = this.counts[vcpu]!;
    out[n++] = count;
    const buffer = this.buffers[vcpu]!;
    for (let i = 0; i < count; i++) out[n++] = buffer[i]!;
    return n;
  }

  /** The logged gfns not yet drained, for the explorer's snapshots. */
  saveState(out: StateBuffer): void {
    for (let v = 0; v < this.buffers.length; v++) {
      const n = this.counts[v]!;
      out.write(n);
      out.writeUint32s(this.buffers[v]!.subarray(0, n));
    }
  }

  loadState(src: StateBuffer): void {
    for (let v = 0; v < this.buffers.length; v++) {
      const n = src.read();
      this.counts[v] = n;
      src.readUint32s(this.buffers[v]!.subarray(0, n));
    }
  }
}
