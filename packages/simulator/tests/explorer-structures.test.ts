import fc from 'fast-check';
import { PageFaultOp, STEP_DONE } from '@spte-lab/spte-core';
import { describe, expect, it } from 'vitest';
import { createSimulator, DEFAULT_CHECK } from '../src/index.js';
import { CheckWorld } from '../src/explore/check-world.js';
import { operationFingerprint } from '../src/explore/fingerprint.js';
import { copyOperation, hashOperation } from '../src/explore/operation-state.js';
import { ScheduleTree } from '../src/explore/schedule-tree.js';
import { StateHasher } from '../src/explore/state-hasher.js';
import { StateSet } from '../src/explore/state-set.js';
import { simulatedTlbFactory } from '../src/run/simulated-tlb.js';

/** The explorer's bookkeeping: the set of seen hashes, the schedule tree, operation copies. */

describe('StateSet', () => {
  it('is a set of 64-bit keys, growing as needed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 3 })), {
          maxLength: 100,
        }),
        fc.array(fc.tuple(fc.integer(), fc.integer()), { maxLength: 3000 }),
        (small, large) => {
          const set = new StateSet();
          const reference = new Set<string>();
          for (const [h1, h2] of [...small, ...large]) {
            // (0, 0) marks empty slots: it shares its slot with (0, 1).
            const key = h1 === 0 && h2 === 0 ? '0:1' : `${h1}:${h2}`;
            expect(set.add(h1, h2)).toBe(!reference.has(key));
            reference.add(key);
          }
          expect(set.size).toBe(reference.size);
        },
      ),
    );
  });
});

describe('ScheduleTree', () => {
  it('gives back each state’s schedule from parents and choices', () => {
    const tree = new ScheduleTree();
    const schedules = new Map<number, { actor: number; gfn: number }[]>([[0, []]]);
    let last = 0;
    for (let i = 0; i < 3000; i++) {
      const parent = i % 3 === 0 ? last : Math.floor(i / 2);
      const choice = { actor: (i % 5) - 3, gfn: (i % 4) - 1 };
      const id = tree.add(parent, choice.actor, choice.gfn);
      schedules.set(id, [...schedules.get(parent)!, choice]);
      last = id;
    }
    for (const [id, schedule] of schedules) expect(tree.schedule(id)).toEqual(schedule);
  });
});

describe('copyOperation / hashOperation', () => {
  const sim = createSimulator();
  const config = { ...DEFAULT_CHECK, policy: sim.policy('kvm-v6.13') };

  function hash(op: PageFaultOp): string {
    const h = new StateHasher();
    h.reset();
    hashOperation(h, op);
    h.finish();
    return `${h.h1}:${h.h2}`;
  }

  it('a copy steps on its own: the original does not change', () => {
    const cw = new CheckWorld(config, simulatedTlbFactory(), { quiet: true });
    cw.apply({ actor: 0, gfn: 1 }); // the write faults: a page fault starts
    const op = cw.world.vcpus[0]!.op as PageFaultOp;
    expect(op).toBeInstanceOf(PageFaultOp);
    const before = operationFingerprint(op);
    const copy = copyOperation(op);
    expect(copy).toBeInstanceOf(PageFaultOp);
    expect(operationFingerprint(copy)).toBe(before);
    expect(hash(copy)).toBe(hash(op));
    const hashes = new Set([hash(op)]);
    while (copy.step() !== STEP_DONE) hashes.add(hash(copy));
    hashes.add(hash(copy));
    expect(operationFingerprint(op)).toBe(before);
    expect(operationFingerprint(copy)).not.toBe(before);
    // Every step moved the copy on: each state hashed differently.
    expect(hashes.size).toBeGreaterThan(2);
  });
});
