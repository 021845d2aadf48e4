import { describe, expect, it } from 'vitest';
import { bindSpteOps } from '../../src/mmu/bind-spte-ops.js';
import { KvmVm } from '../../src/mmu/kvm-vm.js';
import { STEP_DONE } from '../../src/mmu/operations/operation.js';
import { PageFaultOp } from '../../src/mmu/operations/page-fault.js';
import { ACCESS_WRITE } from '../../src/mmu/spte-ops.js';
import type { FlushPolicy } from '../../src/ports/flush-policy.js';
import { quietShootdown } from './support/quiet-shootdown.js';

const policy: FlushPolicy = { name: 'none', description: 'test' };

function hugeBackedVm() {
  const config = {
    format: 'ept' as const,
    kernel: 'v6.13' as const,
    mmu: 'tdp' as const,
    vcpus: 1,
    gfns: 512,
    pfnBase: 0x100000,
    indirect: false,
    fineSteps: false,
  };
  const vm = new KvmVm(config, bindSpteOps('ept', 'v6.13'), policy, () => quietShootdown);
  vm.memslot.hugeBacking = true;
  return vm;
}

function fault(vm: KvmVm, gfn: number): PageFaultOp {
  const op = new PageFaultOp(vm, 0, gfn, ACCESS_WRITE);
  while (op.step() !== STEP_DONE);
  return op;
}

describe('a fault that maps a 2M leaf over a table of 4K leaves (spec §3.4)', () => {
  // Regression: v6.13's "already allows it" early return looked at the freed table's non-leaf
  // SPTE (RWX set) and reported a spurious fault without mapping, so the vCPU looped.
  it('replaces the table with the huge leaf instead of calling the fault spurious', () => {
    const vm = hugeBackedVm();
    vm.memslot.hugeBacking = false;
    fault(vm, 5); // a 4K leaf while huge pages are not possible
    expect(vm.store.leafLevel(5)).toBe(1);
    vm.memslot.hugeBacking = true;
    const spuriousBefore = vm.stats.pf_spurious;
    fault(vm, 6);
    expect(vm.stats.pf_spurious).toBe(spuriousBefore);
    expect(vm.store.leafLevel(6)).toBe(2);
    expect(vm.store.leafLevel(5)).toBe(2);
  });
});
