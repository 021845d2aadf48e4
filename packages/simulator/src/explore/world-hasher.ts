import type { Operation } from '@spte-lab/spte-core';
import { PML_LOG_ENTRIES } from '@spte-lab/tlb-model';
import type { CheckWorld } from './check-world.js';
import { hashOperation } from './operation-state.js';
import { fmix, StateHasher } from './state-hasher.js';

/**
 * The explorer's state identity: a 64-bit hash of exactly what `worldFingerprint` prints
 * (spec state, TLBs, actors' progress, oracles), computed from the numbers themselves. TLB
 * entries are combined in any order (a sum of entry hashes), as the fingerprint sorts them.
 * An operation's hash is kept while the operation is shared with a snapshot, which nobody
 * steps, so most transitions hash only the operation that moved.
 */
export class WorldHasher {
  private readonly h = new StateHasher();
  /** The words of the world being hashed (at most the room `size` makes for the configuration). */
  private words = new Int32Array(64);
  private sizedFor: CheckWorld | null = null;
  private readonly opHasher = new StateHasher();
  /** Per actor slot: the operation hashed last, and its hash (two numbers per slot). */
  private readonly cachedOps: (Operation | null)[] = [];
  private readonly cachedHashes: number[] = [];
  /** The world hashed last, and its step counter then: nothing has stepped while it is equal. */
  private hashedWorld: CheckWorld | null = null;
  private hashedAtStep = -1;
  private entries = 0;
  private entrySum1 = 0;
  private entrySum2 = 0;
  private readonly visitEntry = (gfn: number, level: number, pfn: number, flags: number) => {
    this.entries++;
    this.entrySum1 = (this.entrySum1 + entryHash(gfn, level, pfn, flags, 0x3c6ef372)) | 0;
    this.entrySum2 = (this.entrySum2 + entryHash(gfn, level, pfn, flags, 0x510e527f)) | 0;
  };

  /** Hashes the world's state; the result is in `h1` and `h2`. */
  hash(cw: CheckWorld): void {
    const { world } = cw;
    const { vm, tlb } = world;
    const slot = vm.memslot;
    const store = vm.store;
    const vcpus = world.vcpus.length;
    const gfns = vm.config.gfns;
    if (cw !== this.sizedFor) this.size(cw);
    const w = this.words;
    // Written with plain stores and no calls per word: this runs on every transition.
    let n = 0;
    n = putNumbers(w, n, cw.writesLeft);
    n = putNumbers(w, n, cw.queueNext);
    for (let level = 0; level < 3; level++) {
      n = putUint32s(w, n, store.lo[level]!);
      n = putUint32s(w, n, store.hi[level]!);
    }
    w[n++] = +slot.dirtyLogging;
    n = putUint32s(w, n, slot.dirtyBitmap);
    n = putUint16s(w, n, slot.writeTrack);
    n = putUint8s(w, n, slot.shadowed);
    n = putUint8s(w, n, slot.unsync);
    n = putUint16s(w, n, slot.disallowLpage);
    const invalidate = vm.mmuInvalidate;
    w[n++] = invalidate.inProgress;
    w[n++] = invalidate.seq;
    w[n++] = invalidate.rangeStart;
    w[n++] = invalidate.rangeEnd;
    const tables = vm.guestTables;
    w[n++] = tables.indirectShadowPages;
    n = putUint32s(w, n, tables.tableOf);
    n = putUint8s(w, n, tables.gpte);
    n = putUint8s(w, n, tables.spAccess);
    n = putUint8s(w, n, tables.flooding);
    n = putUint8s(w, n, tables.tableLevel);
    n = putFloat64s(w, n, vm.backing);
    w[n++] = +vm.lock.heldForWrite;
    w[n++] = vm.lock.readerCount;
    w[n++] = +vm.lock.contended;
    for (let r = 0; r < vm.rings.length; r++) n = vm.rings[r]!.writeIdentity(w, n);
    for (let v = 0; v < vcpus; v++) {
      w[n++] = tlb.mode(v);
      w[n++] = +tlb.flushPending(v);
      if (tlb.writePmlIdentity) n = tlb.writePmlIdentity(v, w, n);
      this.hashEntries(cw, v);
      w[n++] = this.entries;
      w[n++] = this.entrySum1;
      w[n++] = this.entrySum2;
      const a = world.vcpus[v]!;
      w[n++] = a.gfn;
      w[n++] = a.access;
      w[n++] = a.faults;
      w[n++] = a.kind;
      w[n++] = a.pteGfn;
      w[n++] = a.pte;
      n = this.putOp(w, n, cw, v, a.op);
    }
    for (let i = 0; i < world.others.length; i++)
      n = this.putOp(w, n, cw, vcpus + i, world.others[i]!);
    for (let g = 0; g < gfns; g++) w[n++] = +world.protection.writeMustHaveTrapped(g);
    for (let g = 0; g < gfns; g++) {
      w[n++] = world.migration.actualVersion(g);
      w[n++] = world.migration.copiedVersion(g);
    }
    this.h.mix(w, n);
    this.hashedWorld = cw;
    this.hashedAtStep = world.events.step;
  }

  /**
   * The operations' hashes from the last `hash` of `cw` (unstepped since), for its snapshot:
   * written to `out` from `at`, two numbers per actor slot.
   */
  saveOperationHashes(cw: CheckWorld, out: number[], at: number): void {
    const { world } = cw;
    if (cw !== this.hashedWorld || world.events.step !== this.hashedAtStep)
      throw new Error('saveOperationHashes: the world changed since it was hashed');
    const slots = world.vcpus.length + world.others.length;
    for (let slot = 0; slot < slots; slot++) {
      const op =
        slot < world.vcpus.length
          ? world.vcpus[slot]!.op
          : world.others[slot - world.vcpus.length]!;
      if (this.cachedOps[slot] !== op)
        throw new Error('saveOperationHashes: an operation was replaced');
      out[at + 2 * slot] = this.cachedHashes[2 * slot]!;
      out[at + 2 * slot + 1] = this.cachedHashes[2 * slot + 1]!;
    }
  }

  /**
   * A restored snapshot's operations (`slots` of them from `ops[at]`) and their hashes (from
   * `hashes[2 * at]`): they are shared with the snapshot, so the hashes hold until they step.
   */
  loadOperationHashes(
    ops: readonly (Operation | null)[],
    hashes: readonly number[],
    at: number,
    slots: number,
  ): void {
    for (let slot = 0; slot < slots; slot++) {
      this.cachedOps[slot] = ops[at + slot]!;
      this.cachedHashes[2 * slot] = hashes[2 * (at + slot)]!;
      this.cachedHashes[2 * slot + 1] = hashes[2 * (at + slot) + 1]!;
    }
  }

  get h1(): number {
    return this.h.h1;
  }

  get h2(): number {
    return this.h.h2;
  }

  /** Sums the entry hashes of one vCPU's TLB into `entries`, `entrySum1`, `entrySum2`. */
  /** Sizes `words` for the worlds of `cw`'s configuration (their arrays' lengths are fixed). */
  private size(cw: CheckWorld): void {
    const { world } = cw;
    const { vm } = world;
    const { store, memslot: slot } = vm;
    const most =
      cw.writesLeft.length +
      cw.queueNext.length +
      2 * (store.lo[0]!.length + store.lo[1]!.length + store.lo[2]!.length) +
      1 +
      slot.dirtyBitmap.length +
      slot.writeTrack.length +
      2 * slot.shadowed.length +
      slot.disallowLpage.length +
      4 +
      2 +
      5 * vm.config.gfns +
      2 * vm.backing.length +
      3 +
      vm.rings.reduce((sum, ring) => sum + 2 + ring.size, 0) +
      (13 + 1 + PML_LOG_ENTRIES) * world.vcpus.length +
      2 * world.others.length +
      3 * vm.config.gfns;
    if (this.words.length < most) this.words = new Int32Array(most);
    this.sizedFor = cw;
  }

  private hashEntries(cw: CheckWorld, v: number): void {
    this.entries = this.entrySum1 = this.entrySum2 = 0;
    const tlb = cw.world.tlb;
    if (tlb.forEachEntry) tlb.forEachEntry(v, this.visitEntry);
    else
      for (const e of tlb.entries(v)) {
        const ad = (e as { adEnabled?: boolean }).adEnabled === true;
        const flags = +e.readable | (+e.writable << 1) | (+e.executable << 2) | (+e.dirty << 3);
        this.visitEntry(e.gfn, e.level, e.pfn, flags | (+ad << 4));
      }
  }

  /** An operation's two hash words, computed unless it is shared and hashed already. */
  private putOp(
    w: Int32Array,
    n: number,
    cw: CheckWorld,
    slot: number,
    op: Operation | null,
  ): number {
    const cached = this.cachedOps[slot] === op && (op === null || cw.isShared(slot));
    if (!cached) {
      this.opHasher.reset();
      hashOperation(this.opHasher, op);
      this.opHasher.finish();
      this.cachedOps[slot] = op;
      this.cachedHashes[2 * slot] = this.opHasher.h1;
      this.cachedHashes[2 * slot + 1] = this.opHasher.h2;
    }
    w[n] = this.cachedHashes[2 * slot]!;
    w[n + 1] = this.cachedHashes[2 * slot + 1]!;
    return n + 2;
  }
}

// One loop per array type (a loop over all of them would be megamorphic). Small elements are
// packed into words: the arrays' lengths are fixed, so packing loses nothing.

function putUint8s(w: Int32Array, n: number, values: Uint8Array): number {
  let i = 0;
  for (; i + 4 <= values.length; i += 4)
    w[n++] = values[i]! | (values[i + 1]! << 8) | (values[i + 2]! << 16) | (values[i + 3]! << 24);
  for (; i < values.length; i++) w[n++] = values[i]!;
  return n;
}

function putUint16s(w: Int32Array, n: number, values: Uint16Array): number {
  let i = 0;
  for (; i + 2 <= values.length; i += 2) w[n++] = values[i]! | (values[i + 1]! << 16);
  for (; i < values.length; i++) w[n++] = values[i]!;
  return n;
}

function putUint32s(w: Int32Array, n: number, values: Uint32Array): number {
  for (let i = 0; i < values.length; i++) w[n++] = values[i]!;
  return n;
}

/** Host pfns, exactly: low and high 32 bits. */
function putFloat64s(w: Int32Array, n: number, values: Float64Array): number {
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    w[n++] = x % 0x1_0000_0000;
    w[n++] = Math.floor(x / 0x1_0000_0000);
  }
  return n;
}

function putNumbers(w: Int32Array, n: number, values: readonly number[]): number {
  for (let i = 0; i < values.length; i++) w[n++] = values[i]!;
  return n;
}

/** One TLB entry's hash in one lane (`seed` tells the lanes apart). */
function entryHash(gfn: number, level: number, pfn: number, flags: number, seed: number): number {
  let h = Math.imul(seed ^ gfn, 0xcc9e2d51);
  h = Math.imul(h ^ (h >>> 15) ^ level, 0x1b873593);
  h = Math.imul(h ^ (h >>> 13) ^ (pfn >>> 0), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16) ^ Math.floor(pfn / 0x1_0000_0000), 0xc2b2ae35);
  return fmix(h ^ flags);
}
