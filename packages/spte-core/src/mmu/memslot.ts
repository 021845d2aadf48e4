import type { StateBuffer } from './state-buffer.js';

/** Bits per dirty-bitmap word: the kernel's `unsigned long` on x86-64. */
export const BITS_PER_LONG = 64;

/**
 * The VM's one memslot (spec §4): dirty-logging flags, the dirty bitmap, and write-track
 * counts (`gfn_write_track`, spec §5). Typed arrays indexed by gfn; nothing per gfn is an object.
 */
export class Memslot {
  dirtyLogging = false;
  /** KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2 (spec §4.4). */
  manualProtect = false;
  /** KVM_DIRTY_LOG_INITIALLY_SET (spec §4.4). */
  initiallySet = false;
  /** KVM_MEM_READONLY: SPTEs are never host-writable (spec §1.6 case 3). */
  readOnly = false;
  /** The host backs the memslot with 2M pages, so faults may map 2M leaves (spec §3.9). */
  hugeBacking = false;
  /** `eager_page_split` when logging starts or init-set CLEAR_DIRTY_LOG runs (spec §3.9). */
  eagerSplit: 'on' | 'off' | 'fails' = 'on';
  /** `lpage_info.disallow_lpage` per 2M region: write-tracked or shadowed gfns inside. */
  readonly disallowLpage: Uint16Array;
  /**
   * Intel PML is in use (`cpu_dirty_log_size` non-zero, spec §4.6): dirty logging clears D
   * instead of W on 4K SPTEs and hardware logs the gfn when it sets D again.
   */
  pml = false;
  /** The dirty ring (KVM_CAP_DIRTY_LOG_RING) instead of the bitmap (spec §4.5). */
  dirtyRing = false;
  /** Shadowed guest page tables (indirect shadow paging, spec §3.10): 1 = has a shadow page. */
  readonly shadowed: Uint8Array;
  /** The shadow page of that gfn is unsync: the guest may write its PTEs freely (spec §3.10). */
  readonly unsync: Uint8Array;
  /**
   * One bit per gfn. The kernel's words are 64-bit longs (`BITS_PER_LONG`), and GET/CLEAR
   * and ring reset batch by them (spec §4.3–4.5); each long is stored here as two 32-bit
   * halves, low half first, so `dirtyBitmap.length` is twice `longs`.
   */
  readonly dirtyBitmap: Uint32Array;
  /** 64-bit bitmap words covering the slot. */
  readonly longs: number;
  /** `slot->arch.gfn_write_track`, capped at 0xffff as the kernel caps it at USHRT_MAX. */
  readonly writeTrack: Uint16Array;

  constructor(readonly gfns: number) {
    this.longs = Math.ceil(gfns / BITS_PER_LONG);
    this.dirtyBitmap = new Uint32Array(this.longs * 2);
    this.writeTrack = new Uint16Array(gfns);
    this.shadowed = new Uint8Array(gfns);
    this.disallowLpage = new Uint16Array(Math.ceil(gfns / 512));
    this.unsync = new Uint8Array(gfns);
  }

  /** Sets every bitmap bit (KVM_DIRTY_LOG_INITIALLY_SET, spec §4.4). */
  setAllDirty(): void {
    this.dirtyBitmap.fill(0xffffffff);
    // No bit beyond the slot's last gfn is ever set (the kernel's mask never includes them).
    for (let gfn = this.gfns; gfn < this.longs * BITS_PER_LONG; gfn++)
      this.dirtyBitmap[gfn >>> 5]! &= ~(1 << (gfn & 31));
  }

  /**
   * Clears 64-bit bitmap word `word` and appends the gfns whose bits were set, ascending;
   * returns how many. This is `xchg(long, 0)` for GET_DIRTY_LOG and `atomic_long_fetch_andnot`
   * with an all-ones user mask for CLEAR_DIRTY_LOG (spec §4.3, §4.4): the model's VMM always
   * clears every bit it asks about.
   */
  takeLong(word: number, gfns: number[]): number {
    let n = 0;
    for (let half = 0; half < 2; half++) {
      const i = word * 2 + half;
      const bits = this.dirtyBitmap[i]!;
      if (bits === 0) continue;
      this.dirtyBitmap[i] = 0;
      for (let b = 0; b < 32; b++) {
        if ((bits & (1 << b)) === 0) continue;
        gfns.push(i * 32 + b);
        n++;
      }
    }
    return n;
  }

  /** `mark_page_dirty_in_slot` with the bitmap (spec §4.1); a no-op unless logging. */
  markDirty(gfn: number): boolean {
    if (!this.dirtyLogging) return false;
    this.dirtyBitmap[gfn >>> 5]! |= 1 << (gfn & 31);
    return true;
  }

  isDirty(gfn: number): boolean {
    return (this.dirtyBitmap[gfn >>> 5]! & (1 << (gfn & 31))) !== 0;
  }

  isWriteTracked(gfn: number): boolean {
    return this.writeTrack[gfn]! > 0;
  }

  /**
   * What operations change, for the explorer's snapshots: the logging flag and the per-gfn
   * arrays. The other flags are the memslot's set-up, fixed before anything runs.
   */
  saveState(out: StateBuffer): void {
    out.write(+this.dirtyLogging);
    out.writeUint32s(this.dirtyBitmap);
    out.writeUint16s(this.writeTrack);
    out.writeUint8s(this.shadowed);
    out.writeUint8s(this.unsync);
    out.writeUint16s(this.disallowLpage);
  }

  loadState(src: StateBuffer): void {
    this.dirtyLogging = src.read() !== 0;
    src.readUint32s(this.dirtyBitmap);
    src.readUint16s(this.writeTrack);
    src.readUint8s(this.shadowed);
    src.readUint8s(this.unsync);
    src.readUint16s(this.disallowLpage);
  }
}
