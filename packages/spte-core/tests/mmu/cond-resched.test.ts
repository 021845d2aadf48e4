import { describe, expect, it } from 'vitest';
import { bindSpteOps } from '../../src/mmu/bind-spte-ops.js';
import { KvmVm } from '../../src/mmu/kvm-vm.js';
import { LOCK_WRITE } from '../../src/mmu/mmu-lock.js';
import { DisableDirtyLoggingOp } from '../../src/mmu/operations/disable-dirty-logging.js';
import { EnableDirtyLoggingOp } from '../../src/mmu/operations/enable-dirty-logging.js';
import { STEP_BLOCKED, STEP_DONE } from '../../src/mmu/operations/operation.js';
import { PageFaultOp } from '../../src/mmu/operations/page-fault.js';
import { ACCESS_WRITE } from '../../src/mmu/spte-ops.js';
import { InvalidateRangeOp } from '../../src/mmu/operations/invalidate-range.js';
import {
  FLUSH_ALL_BEFORE_UNLOCK,
  type FlushPoint,
  type FlushPolicy,
} from '../../src/ports/flush-policy.js';
import { quietShootdown } from './support/quiet-shootdown.js';

/*
 * Issue 17 item 4 (spec §12.11): long walks under mmu_lock yield to a waiter once they have
 * moved on, flushing first when the kernel walk has flush_on_yield and owes a flush.
 */
function fineVm(kernel: 'v6.12' | 'v6.13') {
  const points: FlushPoint[] = [];
  const policy: FlushPolicy = {
    name: 'recorder',
    description: 'test',
    onFlushPoint: (p) => void points.push({ ...p, summary: { ...p.summary } }),
  };
  const vm = new KvmVm(
    {
      format: 'ept',
      kernel,
      mmu: 'tdp',
      vcpus: 1,
      gfns: 1536,
      pfnBase: 0x100000,
      indirect: false,
      fineSteps: true,
    },
    bindSpteOps('ept', kernel),
    policy,
    () => quietShootdown,
  );
  vm.memslot.hugeBacking = true;
  vm.memslot.eagerSplit = 'off';
  return { vm, points };
}

const run = (op: { step(): number }) => {
  while (op.step() !== STEP_DONE);
};

/** Steps `op`; after `after` steps a writer queues for mmu_lock and gets it at the yield. */
function contend(vm: KvmVm, op: { step(): number }, after: number): void {
  for (let i = 0; i < after; i++) op.step();
  expect(vm.lock.tryAcquire(LOCK_WRITE)).toBe(false); // queued: rwlock_needbreak
  expect(vm.lock.contended).toBe(true);
  let state = op.step();
  while (vm.lock.readerCount > 0 && state !== STEP_DONE) state = op.step();
  expect(vm.lock.tryAcquire(LOCK_WRITE)).toBe(true); // the waiter gets in mid-walk
  expect(op.step()).toBe(STEP_BLOCKED);
  vm.lock.release(LOCK_WRITE);
  expect(vm.lock.contended).toBe(false);
  run(op);
}

describe('walks that yield (spec §12.11)', () => {
  it('v6.13 huge-page recovery flushes what it owes before yielding, then owes afresh', () => {
    const { vm, points } = fineVm('v6.13');
    run(new EnableDirtyLoggingOp(vm));
    for (const g of [1, 513, 1025]) run(new PageFaultOp(vm, 0, g, ACCESS_WRITE));
    points.length = 0;
    // flags, lock, first region recovered: then the writer queues.
    contend(vm, new DisableDirtyLoggingOp(vm), 3);
    const releases = points.filter((p) => p.kind === 'lock-release');
    expect(releases.map((p) => [p.lockSite ?? '-', p.summary.kernelFlushFlag])).toEqual([
      ['tdp_mmu_iter_cond_resched', true],
      ['-', true],
    ]);
    expect(vm.store.leafLevel(1025)).toBe(2);
  });

  it('the dirty-log write-protect walk yields without flushing; the return flush stays', () => {
    const { vm, points } = fineVm('v6.12');
    vm.memslot.hugeBacking = false;
    for (const g of [1, 2, 3]) run(new PageFaultOp(vm, 0, g, ACCESS_WRITE));
    points.length = 0;
    // flags, lock, first SPTE write-protected: then the writer queues.
    contend(vm, new EnableDirtyLoggingOp(vm), 3);
    expect(points.map((p) => `${p.kind} ${p.lockSite ?? '-'}`)).toEqual([
      'lock-release tdp_mmu_iter_cond_resched',
      'lock-release -',
      'ioctl-return -',
    ]);
    for (const g of [1, 2, 3])
      expect(vm.ops.isWritable(vm.store.readLo(1, g), vm.store.readHi(1, g))).toBe(false);
  });
});

describe('zap walks yield with flush_on_yield (spec §12.11)', () => {
  it('kvm_zap_gfn_range flushes the zaps so far before dropping the lock to a waiter', () => {
    let flushes = 0;
    const policy: FlushPolicy = {
      name: 'zap-before-unlock',
      description: 'test',
      onLeafChange: (c) => (c.site === 'zap' ? FLUSH_ALL_BEFORE_UNLOCK : null),
    };
    const vm = new KvmVm(
      {
        format: 'ept',
        kernel: 'v6.13',
        mmu: 'tdp',
        vcpus: 1,
        gfns: 4,
        pfnBase: 0x100000,
        indirect: false,
        fineSteps: true,
      },
      bindSpteOps('ept', 'v6.13'),
      policy,
      () => ({
        ...quietShootdown,
        flushRemoteAll: () => {
          flushes++;
          return { ipis: 0, requested: 0 };
        },
      }),
    );
    for (const g of [0, 1]) run(new PageFaultOp(vm, 0, g, ACCESS_WRITE));
    const op = new InvalidateRangeOp(vm, 0, 2, 'zap_gfn_range');
    op.step(); // lock, kvm_mmu_invalidate_begin
    op.step(); // zap gfn 0
    expect(vm.lock.tryAcquire(LOCK_WRITE)).toBe(false); // a waiter queues
    op.step(); // yield: flush, then unlock
    expect(flushes).toBe(1);
    expect(vm.lock.heldForWrite).toBe(false);
    expect(vm.mmuInvalidate.inProgress).toBe(1); // racing faults still retry
    run(op);
    expect(flushes).toBe(2);
    expect(vm.store.leafLevel(1)).toBe(0);
  });
});

describe("the explorer's step gfns (VmConfig.stepGfns)", () => {
  function splitRegion(stepGfns?: readonly number[]) {
    const vm = new KvmVm(
      {
        format: 'ept',
        kernel: 'v6.13',
        mmu: 'tdp',
        vcpus: 1,
        gfns: 512,
        pfnBase: 0x100000,
        indirect: false,
        fineSteps: true,
        ...(stepGfns ? { stepGfns } : {}),
      },
      bindSpteOps('ept', 'v6.13'),
      { name: 'none', description: 'test' },
      () => quietShootdown,
    );
    vm.memslot.hugeBacking = true;
    vm.memslot.eagerSplit = 'off';
    run(new PageFaultOp(vm, 0, 0, ACCESS_WRITE));
    run(new EnableDirtyLoggingOp(vm));
    run(new PageFaultOp(vm, 0, 0, ACCESS_WRITE)); // splits the 2M leaf: 512 present children
    return vm;
  }
  const stepsOf = (op: { step(): number }) => {
    let steps = 1;
    while (op.step() !== STEP_DONE) steps++;
    return steps;
  };

  it('a walk batches the updates of unreachable children into its next step', () => {
    const every = splitRegion();
    const reachable = splitRegion([0]);
    const everySteps = stepsOf(new InvalidateRangeOp(every, 0, 512));
    const reachableSteps = stepsOf(new InvalidateRangeOp(reachable, 0, 512));
    expect(everySteps).toBeGreaterThan(512);
    expect(reachableSteps).toBeLessThan(10);
    // The same updates either way.
    for (const vm of [every, reachable]) expect(vm.store.leafLevel(300)).toBe(0);
  });

  it('yields only next to a reachable gfn or at a 2M boundary; anywhere without stepGfns', () => {
    const vm = splitRegion([0, 7]);
    expect([0, 1, 2, 6, 7, 8, 9, 511, 512].map((g) => vm.yieldPointAt(g))).toEqual([
      true,
      true,
      false,
      false,
      true,
      true,
      false,
      false,
      true,
    ]);
    expect(splitRegion().yieldPointAt(2)).toBe(true);
  });
});
