import { describe, expect, it } from 'vitest';
import { bindSpteOps } from '../../src/mmu/bind-spte-ops.js';
import { KvmVm } from '../../src/mmu/kvm-vm.js';
import { LOCK_WRITE } from '../../src/mmu/mmu-lock.js';
import { STEP_BLOCKED, STEP_DONE } from '../../src/mmu/operations/operation.js';
import { ResetDirtyRingsOp } from '../../src/mmu/operations/reset-dirty-rings.js';
import type { FlushPolicy } from '../../src/ports/flush-policy.js';
import { quietShootdown } from './support/quiet-shootdown.js';

const policy: FlushPolicy = { name: 'none', description: 'test' };
const EPT_RW_LO = 0x00000b77 | (0x1234 << 12);
const EPT_RW_HI = 0x06000000;

function vmWithRings() {
  const config = {
    format: 'ept' as const,
    kernel: 'v6.13' as const,
    mmu: 'tdp' as const,
    vcpus: 2,
    gfns: 8,
    pfnBase: 0x1234,
    indirect: false,
    fineSteps: false,
  };
  const vm = new KvmVm(config, bindSpteOps('ept', 'v6.13'), policy, () => quietShootdown);
  vm.useDirtyRings(8, 6);
  vm.memslot.dirtyLogging = true;
  return vm;
}

describe('KVM_RESET_DIRTY_RINGS (spec §4.5)', () => {
  it('re-protects the gfns of every ring, and the VMM gets them all', () => {
    const vm = vmWithRings();
    for (const [vcpu, gfn] of [
      [0, 1],
      [1, 2],
      [0, 3],
    ] as const) {
      vm.store.write(1, gfn, EPT_RW_LO, EPT_RW_HI);
      vm.markPageDirty(gfn, vcpu);
    }
    const op = new ResetDirtyRingsOp(vm);
    while (op.step() !== STEP_DONE);
    expect([...op.harvested].sort()).toEqual([1, 2, 3]);
    for (const gfn of [1, 2, 3])
      expect(vm.ops.isWritable(vm.store.readLo(1, gfn), vm.store.readHi(1, gfn))).toBe(false);
    expect(vm.rings.every((r) => r.used === 0)).toBe(true);
  });

  // Regression: a reset that found mmu_lock taken used to drop that ring's entries unprotected,
  // so later writes through the still-writable SPTE were never logged (a lost dirty page).
  it('still re-protects a ring whose lock acquisition had to wait', () => {
    const vm = vmWithRings();
    vm.store.write(1, 5, EPT_RW_LO, EPT_RW_HI);
    vm.markPageDirty(5, 0);
    const op = new ResetDirtyRingsOp(vm);
    op.step(); // harvest
    op.step(); // take ring 0's entries
    op.step(); // coalesce its first batch (the lock is taken per batch, spec §12.11)
    vm.lock.tryAcquire(LOCK_WRITE);
    expect(op.step()).toBe(STEP_BLOCKED);
    vm.lock.release(LOCK_WRITE);
    while (op.step() !== STEP_DONE);
    expect(vm.ops.isWritable(vm.store.readLo(1, 5), vm.store.readHi(1, 5))).toBe(false);
  });

  it('refuses to push past a full ring (the soft-full exit must come first)', () => {
    const vm = vmWithRings();
    for (let i = 0; i < 8; i++) vm.markPageDirty(i, 0);
    expect(vm.rings[0]!.softFull).toBe(true);
    expect(() => vm.markPageDirty(0, 0)).toThrow(/overflow/);
  });
});
