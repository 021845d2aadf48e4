import { describe, expect, it } from 'vitest';
import { bindSpteOps } from '../../src/mmu/bind-spte-ops.js';
import { KvmVm } from '../../src/mmu/kvm-vm.js';
import { ClearDirtyLogOp } from '../../src/mmu/operations/clear-dirty-log.js';
import { STEP_DONE } from '../../src/mmu/operations/operation.js';
import { ResetDirtyRingsOp } from '../../src/mmu/operations/reset-dirty-rings.js';
import type { FlushPoint, FlushPolicy, LeafChange } from '../../src/ports/flush-policy.js';
import { quietShootdown } from './support/quiet-shootdown.js';

/*
 * Issue 18: CLEAR_DIRTY_LOG and the dirty-ring reset reach the same x86 hook
 * (`kvm_arch_mmu_enable_log_dirty_pt_masked`), whose init-set branch write-protects the 2M
 * leaf covering the mask, clearing MW; and each names the kernel site of its lock releases.
 */
const noFlush = quietShootdown;
/** A 2M EPT leaf, W=1 MW=1 D=1, for pfn 0x100000 (the value a fault installs). */
const HUGE_LO = 0x00000bf7;
const HUGE_HI = 0x86000001;
const EPT_4K_LO = 0x00000b77 | (0x1234 << 12);
const EPT_4K_HI = 0x06000000;

/** A policy that records what the model asks it, and changes nothing else. */
function recorder(kvmBehaviour?: FlushPolicy['kvmBehaviour']) {
  const sites: string[] = [];
  const points: string[] = [];
  const policy: FlushPolicy = {
    name: 'recorder',
    description: 'test',
    ...(kvmBehaviour ? { kvmBehaviour } : {}),
    onLeafChange: (c: LeafChange) => void sites.push(`${c.site} ${c.gfn}`),
    onFlushPoint: (p: FlushPoint) => void points.push(`${p.kind} ${p.lockSite ?? '-'}`),
  };
  return { policy, sites, points };
}

function initSetVm(policy: FlushPolicy, eagerSplit: 'on' | 'off' | 'fails', ring: boolean) {
  const vm = new KvmVm(
    {
      format: 'ept',
      kernel: 'v6.13',
      mmu: 'tdp',
      vcpus: 1,
      gfns: 1024,
      pfnBase: 0x100000,
      indirect: false,
      fineSteps: false,
    },
    bindSpteOps('ept', 'v6.13'),
    policy,
    () => noFlush,
  );
  if (ring) vm.useDirtyRings(16, 12);
  Object.assign(vm.memslot, { manualProtect: true, initiallySet: true, eagerSplit });
  vm.memslot.dirtyLogging = true;
  vm.store.write(2, 0, HUGE_LO, HUGE_HI);
  return vm;
}

const run = (op: { step(): number }) => {
  while (op.step() !== STEP_DONE);
};

describe('the init-set hook, reached from the dirty-ring reset (spec §4.5, issue 18)', () => {
  it('write-protects the covering 2M leaf, clearing MW, under kvm_reset_dirty_gfn', () => {
    const { policy, sites, points } = recorder();
    const vm = initSetVm(policy, 'off', true);
    vm.markPageDirty(5, 0);
    run(new ResetDirtyRingsOp(vm));
    const lo = vm.store.readLo(2, 0);
    const hi = vm.store.readHi(2, 0);
    expect(vm.ops.isWritable(lo, hi)).toBe(false);
    expect(vm.ops.isMmuWritable(lo, hi)).toBe(false);
    expect(sites).toEqual(['init_set_huge_write_protect 5']);
    expect(points).toEqual(['lock-release kvm_reset_dirty_gfn', 'ioctl-return -']);
  });

  it('keeps MW with fix 2 (keep-mw)', () => {
    const vm = initSetVm(recorder({ initSetHugeWriteProtect: 'keep-mw' }).policy, 'off', true);
    vm.markPageDirty(5, 0);
    run(new ResetDirtyRingsOp(vm));
    expect(vm.ops.isWritable(vm.store.readLo(2, 0), vm.store.readHi(2, 0))).toBe(false);
    expect(vm.ops.isMmuWritable(vm.store.readLo(2, 0), vm.store.readHi(2, 0))).toBe(true);
  });

  it('coalesces ring entries as kvm_dirty_ring_reset does: batches of gfns less than 64 apart, each mask ascending', () => {
    const { policy, sites } = recorder();
    const vm = initSetVm(policy, 'off', true);
    vm.store.write(2, 0, 0, 0); // no huge leaf: only the 4K re-protects show
    for (const gfn of [10, 40, 5, 73, 140, 70]) {
      vm.store.write(1, gfn, EPT_4K_LO, EPT_4K_HI);
      vm.markPageDirty(gfn, 0);
    }
    run(new ResetDirtyRingsOp(vm));
    // [10, 40, 5] join (5 fits backwards: 40 - 5 < 64); 73 is 68 from 5: a new batch; 140 is
    // 67 from 73: a new batch; 70 is 70 below 140: a new batch.
    expect(sites.map((s) => Number(s.split(' ')[1]))).toEqual([5, 10, 40, 73, 140, 70]);
  });
});

describe('CLEAR_DIRTY_LOG over two 64-bit words with a failing split (issue 18)', () => {
  it('drops mmu_lock for the second word after the first word cleared MW on the 2M leaf', () => {
    const { policy, sites, points } = recorder();
    const vm = initSetVm(policy, 'fails', false);
    vm.memslot.setAllDirty();
    const op = new ClearDirtyLogOp(vm, 0, 128);
    run(op);
    expect(op.cleared).toHaveLength(128);
    // Word 0: the split drops the lock (nothing write-protected yet), fails, then the 2M
    // write-protect clears MW. Word 1: the split drops the lock again — with MW already
    // cleared and no flush — before the final unlock in kvm_clear_dirty_log_protect.
    expect(points).toEqual([
      'lock-release tdp_mmu_split_huge_pages_root',
      'lock-release tdp_mmu_split_huge_pages_root',
      'lock-release kvm_clear_dirty_log_protect',
      'ioctl-return -',
    ]);
    expect(sites).toEqual(['init_set_huge_write_protect 0']);
  });
});
