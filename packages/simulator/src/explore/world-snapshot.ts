import { type Operation, StateBuffer } from '@spte-lab/spte-core';
import type { CheckWorld } from './check-world.js';
import type { WorldHasher } from './world-hasher.js';

/**
 * Snapshots stored back to back (the explorer keeps one arena per breadth-first level): their
 * numbers in one buffer, and the operations their actors are in the middle of in one array.
 * Those operations are never stepped again: CheckWorld steps copies.
 */
export class SnapshotArena {
  readonly numbers = new StateBuffer();
  /** Per snapshot, one per actor slot (vCPUs, then the other actors). */
  readonly operations: (Operation | null)[] = [];
  /** Their hashes, two numbers each, so that a restored state hashes only what then steps. */
  readonly operationHashes: number[] = [];
  /** Where each snapshot's numbers start. */
  private readonly starts: number[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Forgets every snapshot, keeping the memory (later snapshots overwrite the arrays). */
  clear(): void {
    this.numbers.at = 0;
    this.count = 0;
  }

  /** Starts a snapshot at the end of the buffer; returns its index. */
  begin(): number {
    this.starts[this.count] = this.numbers.at;
    return this.count++;
  }

  /** Positions the buffer to read snapshot `index`. */
  seek(index: number): StateBuffer {
    this.numbers.at = this.starts[index]!;
    return this.numbers;
  }
}

/** Whether the world's TLB model can save its state (tlb-model's can, with adversarial retention). */
export function canSnapshot(cw: CheckWorld): boolean {
  const tlb = cw.world.tlb;
  return typeof tlb.saveState === 'function' && typeof tlb.loadState === 'function';
}

/**
 * Saves and restores the states of one CheckWorld, so that the explorer expands a state
 * without replaying its schedule. A snapshot fits only the world it came from: its operations
 * hold that world's VM and oracle hooks. Trace, stats and counters are left out: they record
 * the past, and nothing in the model reads them.
 */
export class WorldSnapshots {
  /** Actor slots per snapshot: vCPUs, then the other actors. */
  private readonly slots: number;

  constructor(
    readonly cw: CheckWorld,
    /** Hashes `cw` before each save; its operation hashes are kept with the snapshot. */
    private readonly hasher: WorldHasher,
  ) {
    this.slots = cw.world.vcpus.length + cw.world.others.length;
  }

  /**
   * Appends the world's state to `arena`; returns the snapshot's index there. The world must
   * have been hashed by `hasher` since its last step: the operations' hashes are kept too.
   */
  save(arena: SnapshotArena): number {
    const { cw } = this;
    const { world } = cw;
    // The explorer stops at the first violation; the world's record of it is not saved.
    if (world.violations.length > 0) throw new Error('snapshot of a world with violations');
    const index = arena.begin();
    const out = arena.numbers;
    const ops = arena.operations;
    const base = index * this.slots;
    out.write(world.events.step);
    out.write(world.repeatedViolations);
    const vcpus = world.vcpus.length;
    for (let v = 0; v < vcpus; v++) {
      const a = world.vcpus[v]!;
      out.write(a.gfn);
      out.write(a.access);
      out.write(a.faults);
      out.write(a.kind);
      out.write(a.pteGfn);
      out.write(a.pte);
      ops[base + v] = a.op;
    }
    for (let i = 0; i < world.others.length; i++) ops[base + vcpus + i] = world.others[i]!;
    this.hasher.saveOperationHashes(cw, arena.operationHashes, 2 * base);
    cw.saveScripts(out);
    world.vm.saveState(out);
    world.tlb.saveState!(out);
    world.migration.saveState(out);
    world.protection.saveState(out);
    cw.shareOperations();
    return index;
  }

  restore(arena: SnapshotArena, index: number): void {
    const { cw, slots } = this;
    const { world } = cw;
    const src = arena.seek(index);
    const ops = arena.operations;
    world.events.step = src.read();
    world.repeatedViolations = src.read();
    for (const a of world.vcpus) {
      a.gfn = src.read();
      a.access = src.read();
      a.faults = src.read();
      a.kind = src.read();
      a.pteGfn = src.read();
      a.pte = src.read();
    }
    cw.restoreOperations(ops, index * slots);
    cw.loadScripts(src);
    world.vm.loadState(src);
    world.tlb.loadState!(src);
    world.migration.loadState(src);
    world.protection.loadState(src);
    this.hasher.loadOperationHashes(ops, arena.operationHashes, index * slots, slots);
  }
}
