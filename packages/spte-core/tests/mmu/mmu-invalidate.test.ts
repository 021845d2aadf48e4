import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bindSpteOps } from '../../src/mmu/bind-spte-ops.js';
import { KvmVm } from '../../src/mmu/kvm-vm.js';
import { MmuInvalidate } from '../../src/mmu/mmu-invalidate.js';
import { InvalidateRangeOp } from '../../src/mmu/operations/invalidate-range.js';
import { STEP_BLOCKED, STEP_DONE, STEP_RUNNING } from '../../src/mmu/operations/operation.js';
import { LOCK_READ } from '../../src/mmu/mmu-lock.js';
import type { FlushPoint, FlushPolicy } from '../../src/ports/flush-policy.js';
import { quietShootdown } from './support/quiet-shootdown.js';

/** Spec §3.8, §12.11, §12.12: the notifier's begin/end and what a racing fault sees. */

describe('MmuInvalidate (mmu_invalidate_retry_gfn)', () => {
  it('merges concurrent ranges into one cover until every invalidation ended', () => {
    const inv = new MmuInvalidate();
    inv.begin();
    inv.rangeAdd(2, 3);
    inv.begin();
    inv.rangeAdd(6, 8);
    // gfn 4 is in neither range but in the cover: a false positive the kernel accepts.
    expect([0, 2, 4, 7, 8].map((g) => inv.covers(g))).toEqual([false, true, true, true, false]);
    inv.end();
    expect(inv.covers(2)).toBe(true);
    inv.end();
    expect(inv.covers(2)).toBe(false);
    expect(inv.seq).toBe(2);
  });

  /** A well-nested history of begins (with a range) and ends, and where the fault sampled. */
  const history = fc
    .array(fc.oneof(fc.tuple(fc.nat(7), fc.integer({ min: 1, max: 3 })), fc.constant(null)), {
      maxLength: 12,
    })
    .chain((events) => fc.tuple(fc.constant(events), fc.nat(events.length)));

  it('a fault retries iff an invalidation covering its gfn is in progress or one ended since it sampled', () => {
    fc.assert(
      fc.property(history, fc.nat(9), ([events, sampleAt], gfn) => {
        const inv = new MmuInvalidate();
        const open: [number, number][] = [];
        let sampled = 0;
        let endedSince = false;
        events.forEach((event, i) => {
          if (i === sampleAt) sampled = inv.seq;
          if (event === null) {
            if (open.length === 0) return;
            open.pop();
            inv.end();
            if (i >= sampleAt) endedSince = true;
          } else {
            const [start, count] = event;
            open.push([start, start + count]);
            inv.begin();
            inv.rangeAdd(start, start + count);
          }
        });
        if (sampleAt === events.length) sampled = inv.seq;
        const retry = inv.retryGfn(sampled, gfn);
        // Never a miss: every range in progress is covered, every end since the sample counts.
        if (endedSince || open.some(([s, e]) => gfn >= s && gfn < e)) expect(retry).toBe(true);
        // No false alarm once nothing is in progress and nothing ended since the sample.
        if (!endedSince && open.length === 0) expect(retry).toBe(false);
        expect(inv.inProgress).toBe(open.length);
      }),
    );
  });
});

describe('InvalidateRangeOp: start and end of the MMU notifier (spec §12.11, §12.12)', () => {
  const points: string[] = [];
  const policy: FlushPolicy = {
    name: 'recording',
    description: 'test',
    onFlushPoint: (p: FlushPoint) => {
      points.push(`${p.kind} ${p.lockSite ?? ''}`.trim());
      return null;
    },
  };
  function vm(): KvmVm {
    const config = {
      format: 'ept' as const,
      kernel: 'v6.13' as const,
      mmu: 'tdp' as const,
      vcpus: 1,
      gfns: 4,
      pfnBase: 0x100,
      indirect: false,
      fineSteps: true,
    };
    return new KvmVm(config, bindSpteOps('ept', 'v6.13'), policy, () => quietShootdown);
  }

  it('begins under mmu_lock, replaces the pages when start returns, ends under mmu_lock later', () => {
    points.length = 0;
    const v = vm();
    const op = new InvalidateRangeOp(v, 1, 2);
    v.lock.tryAcquire(LOCK_READ); // a fault holds mmu_lock
    expect(op.step()).toBe(STEP_BLOCKED);
    expect(v.mmuInvalidateInProgress).toBe(0);
    v.lock.release(LOCK_READ);
    expect(op.step()).toBe(STEP_RUNNING); // lock; begin; range add
    expect(v.mmuInvalidate.covers(1)).toBe(true);
    expect(v.mmuInvalidate.covers(3)).toBe(false);
    expect(op.step()).toBe(STEP_RUNNING); // the zap (nothing mapped)
    expect(op.step()).toBe(STEP_RUNNING); // flush point, unlock
    expect(v.pfnOf(1)).toBe(0x101);
    expect(op.step()).toBe(STEP_RUNNING); // start returns: the host reuses the pages
    expect(v.pfnOf(1)).not.toBe(0x101);
    expect(v.pfnOf(0)).toBe(0x100);
    expect(v.mmuInvalidateInProgress).toBe(1);
    v.lock.tryAcquire(LOCK_READ);
    expect(op.step()).toBe(STEP_BLOCKED); // invalidate_range_end takes mmu_lock too
    v.lock.release(LOCK_READ);
    expect(op.step()).toBe(STEP_RUNNING);
    expect(op.step()).toBe(STEP_DONE); // kvm_mmu_invalidate_end; unlock
    expect(v.mmuInvalidateInProgress).toBe(0);
    expect(v.mmuInvalidateSeq).toBe(1);
    expect(v.lock.heldForWrite).toBe(false);
    expect(points).toEqual([
      'lock-release kvm_mmu_notifier_invalidate_range_start',
      'ioctl-return',
      'lock-release kvm_mmu_notifier_invalidate_range_end',
    ]);
  });

  it('kvm_zap_gfn_range: begin to end in one hold, and the pages stay', () => {
    points.length = 0;
    const v = vm();
    const op = new InvalidateRangeOp(v, 0, 4, 'zap_gfn_range');
    let steps = 0;
    while (op.step() !== STEP_DONE) steps++;
    expect(steps).toBe(3); // lock + begin, zap, end + unlock; then the return
    expect(v.mmuInvalidateSeq).toBe(1);
    expect(v.mmuInvalidateInProgress).toBe(0);
    expect(v.pfnOf(2)).toBe(0x102);
    expect(points).toEqual(['lock-release', 'ioctl-return']);
  });
});
