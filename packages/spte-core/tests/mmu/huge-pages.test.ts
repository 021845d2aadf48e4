import { describe, expect, it } from 'vitest';
import type { KernelVersion } from '../../src/encoding/kernel-profile.js';
import { bindSpteOps } from '../../src/mmu/bind-spte-ops.js';
import { KvmVm } from '../../src/mmu/kvm-vm.js';
import { LOCK_WRITE } from '../../src/mmu/mmu-lock.js';
import { DisableDirtyLoggingOp } from '../../src/mmu/operations/disable-dirty-logging.js';
import { EnableDirtyLoggingOp } from '../../src/mmu/operations/enable-dirty-logging.js';
import { InvalidateRangeOp } from '../../src/mmu/operations/invalidate-range.js';
import { STEP_BLOCKED, STEP_DONE } from '../../src/mmu/operations/operation.js';
import { PageFaultOp } from '../../src/mmu/operations/page-fault.js';
import { ZapAllFastOp } from '../../src/mmu/operations/zap-all-fast.js';
import { ACCESS_READ, ACCESS_WRITE } from '../../src/mmu/spte-ops.js';
import type { MmuFlavour } from '../../src/mmu/vm-config.js';
import type { FlushPoint, FlushPolicy, LeafChange } from '../../src/ports/flush-policy.js';
import { emptyWalkResult } from '../../src/ports/spte-walk.js';
import { quietShootdown } from './support/quiet-shootdown.js';

/*
 * Issue 17 (spec §12.1, §12.2, §12.7, §12.8): huge leaves under faults, page tables that stay
 * after their leaves are zapped, enabling and disabling dirty logging. Each case is a small
 * explicit schedule; the policy records what the model reports and flushes nothing.
 */

interface Seen {
  readonly changes: string[];
  readonly points: FlushPoint[];
}

function vmOf(
  mmu: MmuFlavour,
  kernel: KernelVersion = 'v6.13',
  eagerSplit: 'on' | 'off' | 'fails' = 'on',
): KvmVm & { seen: Seen } {
  const seen: Seen = { changes: [], points: [] };
  const policy: FlushPolicy = {
    name: 'recorder',
    description: 'test',
    onLeafChange: (c: LeafChange) =>
      void seen.changes.push(
        `${c.site} L${c.level} ${c.gfn} ${c.oldPresent ? (c.oldLeaf ? 'leaf' : 'table') : '-'}→${c.newPresent ? 'present' : '-'}`,
      ),
    onFlushPoint: (p: FlushPoint) => void seen.points.push({ ...p, summary: { ...p.summary } }),
  };
  const vm = new KvmVm(
    {
      format: 'ept',
      kernel,
      mmu,
      vcpus: 1,
      gfns: 1024,
      pfnBase: 0x100000,
      indirect: false,
      fineSteps: false,
    },
    bindSpteOps('ept', kernel),
    policy,
    () => quietShootdown,
  );
  vm.memslot.hugeBacking = true;
  vm.memslot.eagerSplit = eagerSplit;
  return Object.assign(vm, { seen });
}

const run = (op: { step(): number }) => {
  while (op.step() !== STEP_DONE);
};
const fault = (vm: KvmVm, gfn: number, access = ACCESS_WRITE) =>
  run(new PageFaultOp(vm, 0, gfn, access));
const tableAt = (vm: KvmVm, gfn: number) =>
  vm.ops.isPresent(vm.store.readLo(2, gfn), vm.store.readHi(2, gfn)) &&
  !vm.ops.isLeaf(vm.store.readLo(2, gfn), vm.store.readHi(2, gfn), 2);
/** The host pfn the hardware walker reaches for `gfn`. */
function pfnAt(vm: KvmVm, gfn: number): number {
  const walk = emptyWalkResult();
  vm.store.walk(gfn, walk);
  return walk.pfn;
}
const writable = (vm: KvmVm, gfn: number) =>
  vm.ops.isWritable(vm.store.readLo(1, gfn), vm.store.readHi(1, gfn));

describe('a write fault under a huge leaf while logging (spec §12.1)', () => {
  it('TDP MMU: splits the leaf in place; the children keep its mapping; no zap', () => {
    const vm = vmOf('tdp', 'v6.13', 'off');
    fault(vm, 3);
    expect(vm.store.leafLevel(3)).toBe(2);
    run(new EnableDirtyLoggingOp(vm)); // no eager split: the 2M leaf is write-protected
    vm.seen.changes.length = 0;
    fault(vm, 3);
    expect(vm.seen.changes).toEqual([
      'split_huge_page L2 0 leaf→present',
      'tdp_mmu_map_handle_target_level L1 3 leaf→present',
    ]);
    for (const g of [0, 3, 511]) {
      expect(vm.store.leafLevel(g)).toBe(1);
      expect(vm.pfnOf(g)).toBe(0x100000 + g);
    }
    expect(pfnAt(vm, 7)).toBe(0x100007);
    expect(writable(vm, 3)).toBe(true);
    expect(writable(vm, 4)).toBe(false); // inherited the write-protected huge leaf's W=0
  });

  it('shadow MMU: drops the leaf (a zap, which the kernel flushes) and links a new table', () => {
    const vm = vmOf('shadow', 'v6.13', 'on');
    fault(vm, 3);
    run(new EnableDirtyLoggingOp(vm)); // the shadow MMU never splits eagerly (spec §12.7)
    expect(vm.store.leafLevel(3)).toBe(2);
    vm.seen.changes.length = 0;
    fault(vm, 3);
    expect(vm.seen.changes).toEqual(['zap L2 3 leaf→-', 'mmu_set_spte L1 3 -→present']);
    expect(vm.store.leafLevel(4)).toBe(0);
    expect(tableAt(vm, 0)).toBe(true);
  });
});

describe('a page table whose leaves were zapped stays (spec §12.2)', () => {
  it('a 2M leaf installed over the empty table replaces a present non-leaf', () => {
    const vm = vmOf('tdp');
    vm.memslot.hugeBacking = false;
    fault(vm, 5);
    expect(tableAt(vm, 0)).toBe(true);
    run(new InvalidateRangeOp(vm, 0, 512, 'zap_gfn_range'));
    expect(vm.store.leafLevel(5)).toBe(0);
    expect(tableAt(vm, 0)).toBe(true);
    vm.memslot.hugeBacking = true;
    vm.seen.changes.length = 0;
    fault(vm, 6, ACCESS_READ);
    expect(vm.seen.changes).toEqual(['tdp_mmu_map_handle_target_level L2 6 table→present']);
    expect(vm.store.leafLevel(5)).toBe(2);
  });

  it('kvm_mmu_zap_all_fast takes the tables with the roots', () => {
    const vm = vmOf('tdp');
    vm.memslot.hugeBacking = false;
    fault(vm, 5);
    run(new ZapAllFastOp(vm));
    expect(tableAt(vm, 0)).toBe(false);
  });
});

describe('enabling dirty logging (spec §12.7)', () => {
  it('a read-only memslot: nothing write-protected, no kernel flush', () => {
    const vm = vmOf('tdp');
    fault(vm, 3, ACCESS_READ);
    vm.memslot.readOnly = true;
    vm.seen.changes.length = 0;
    run(new EnableDirtyLoggingOp(vm));
    expect(vm.seen.changes).toEqual([]);
    expect(vm.seen.points.at(-1)).toMatchObject({
      kind: 'ioctl-return',
      summary: { kernelFlushFlag: false },
    });
    expect(vm.memslot.dirtyLogging).toBe(true);
  });

  it('TDP MMU: drops mmu_lock before each huge leaf it splits; others run in between', () => {
    const vm = vmOf('tdp');
    fault(vm, 3);
    fault(vm, 515);
    expect(vm.store.leafLevel(515)).toBe(2);
    vm.seen.points.length = 0;
    const op = new EnableDirtyLoggingOp(vm);
    let blocked = 0;
    let state = op.step();
    while (state !== STEP_DONE) {
      const drops = vm.seen.points.filter((p) => p.lockSite === 'tdp_mmu_split_huge_pages_root');
      if (drops.length > blocked && vm.lock.tryAcquire(LOCK_WRITE)) {
        // Another actor takes the lock while the split allocates: the split must wait.
        expect(op.step()).toBe(STEP_BLOCKED);
        vm.lock.release(LOCK_WRITE);
        blocked++;
      }
      state = op.step();
    }
    expect(blocked).toBe(2);
    expect(vm.store.leafLevel(3)).toBe(1);
    expect(vm.store.leafLevel(515)).toBe(1);
    // Split, then write-protect every 4K leaf, each in its own lock section.
    const releases = vm.seen.points.filter((p) => p.kind === 'lock-release').length;
    expect(releases).toBe(2 + 2);
    expect(writable(vm, 3)).toBe(false);
  });

  it('PML, TDP MMU: D is cleared on huge leaves too (clear_dirty_gfn_range, spec §3.6)', () => {
    // Regression (issue 19 audit): with D cleared on 4K leaves only, a fault splitting the 2M
    // leaf during the walk gave its children D=1, and the guest's next write was never logged.
    const vm = vmOf('tdp', 'v6.13', 'off');
    vm.memslot.pml = true;
    fault(vm, 3);
    vm.seen.changes.length = 0;
    run(new EnableDirtyLoggingOp(vm));
    expect(vm.seen.changes).toEqual([
      'kvm_mmu_slot_leaf_clear_dirty L2 0 leaf→present',
      'kvm_mmu_slot_remove_write_access L2 0 leaf→present',
    ]);
  });

  it('PML, shadow MMU: the rmap walk clears D on 4K leaves only (walk_slot_rmaps_4k)', () => {
    const vm = vmOf('shadow', 'v6.13', 'off');
    vm.memslot.pml = true;
    fault(vm, 3);
    vm.seen.changes.length = 0;
    run(new EnableDirtyLoggingOp(vm));
    expect(vm.seen.changes).toEqual(['kvm_mmu_slot_remove_write_access L2 0 leaf→present']);
  });

  it('eager_page_split=fails: the walk stops at -ENOMEM; huge leaves are write-protected', () => {
    const vm = vmOf('tdp', 'v6.13', 'fails');
    fault(vm, 3);
    run(new EnableDirtyLoggingOp(vm));
    expect(vm.store.leafLevel(3)).toBe(2);
    expect(vm.seen.changes.at(-1)).toBe('kvm_mmu_slot_remove_write_access L2 0 leaf→present');
  });
});

describe('disabling dirty logging (spec §12.8): no "all 512 children" condition', () => {
  function loggedTable(mmu: MmuFlavour, kernel: KernelVersion) {
    const vm = vmOf(mmu, kernel);
    run(new EnableDirtyLoggingOp(vm));
    fault(vm, 9); // one 4K leaf in region 0 while logging; 511 stay unmapped
    vm.seen.changes.length = 0;
    vm.seen.points.length = 0;
    run(new DisableDirtyLoggingOp(vm));
    return vm;
  }

  it('v6.12 TDP MMU zaps the table (a flush per zap in the kernel)', () => {
    const vm = loggedTable('tdp', 'v6.12');
    expect(vm.seen.changes).toEqual(['zap_collapsible_spte L2 0 table→-']);
    expect(vm.store.leafLevel(9)).toBe(0);
  });

  it('v6.13 TDP MMU rebuilds a 2M leaf from the first present child; one memslot flush', () => {
    const vm = loggedTable('tdp', 'v6.13');
    expect(vm.seen.changes).toEqual(['recover_huge_pages L2 0 table→present']);
    expect(vm.store.leafLevel(9)).toBe(2);
    expect(vm.store.leafLevel(100)).toBe(2);
    expect(pfnAt(vm, 100)).toBe(0x100000 + 100);
    expect(vm.seen.points.at(-1)).toMatchObject({ summary: { kernelFlushFlag: true } });
  });

  it('v6.13 TDP MMU leaves an empty table alone', () => {
    const vm = vmOf('tdp', 'v6.13');
    run(new EnableDirtyLoggingOp(vm));
    fault(vm, 9);
    run(new InvalidateRangeOp(vm, 9, 1, 'zap_gfn_range'));
    vm.seen.changes.length = 0;
    run(new DisableDirtyLoggingOp(vm));
    expect(vm.seen.changes).toEqual([]);
    expect(tableAt(vm, 0)).toBe(true);
  });

  it('the shadow MMU zaps the 4K leaves; one memslot flush in total', () => {
    const vm = loggedTable('shadow', 'v6.12');
    expect(vm.seen.changes).toEqual(['kvm_mmu_zap_collapsible_spte L1 9 leaf→-']);
    expect(vm.seen.points.filter((p) => p.summary.kernelFlushFlag)).toHaveLength(1);
  });

  it('a read-only memslot recovers nothing', () => {
    const vm = vmOf('tdp', 'v6.13');
    run(new EnableDirtyLoggingOp(vm));
    fault(vm, 9, ACCESS_READ);
    vm.memslot.readOnly = true;
    vm.seen.changes.length = 0;
    run(new DisableDirtyLoggingOp(vm));
    expect(vm.seen.changes).toEqual([]);
    expect(vm.store.leafLevel(9)).toBe(1);
  });
});
