import { builtInPolicies } from '@spte-lab/flush-policies';
import {
  AgeGfnRangeOp,
  bindSpteOps,
  type FlushPolicy,
  type KernelVersion,
  KvmVm,
  type LeafChange,
  type LeafChangeSite,
  OperationSummary,
  PendingFlushes,
  STEP_DONE,
  type SpteFormat,
  type TlbShootdown,
  WriteTrackOp,
} from '@spte-lab/spte-core';
import { describe, expect, it } from 'vitest';

/**
 * Spec §9: for each of the eleven old→new cases, drive the KVM model through that transition and
 * check the flush decision of kvm-v6.12 (the "Pre" column) and kvm-v6.13 ("Final").
 * Values: EPT, pfn 0x1234, WB memtype; bit 57 HW, bit 58 MW, 52 A/D-disabled type.
 */
const EPT_RW = 0x0600000001234b77n; // W=1 MW=1 HW=1 A=1 D=1
const EPT_RO_MW = 0x0600000001234b75n; // W=0 MW=1
const EPT_RO = 0x0200000001234b75n; // W=0 MW=0 HW=1
const NOAD_RW = 0x0610000001234b77n; // A/D-disabled type
const NOAD_RO_MW = 0x0610000001234b75n;
const NON_PRESENT = 0x8000000000000000n;

interface Case {
  n: number;
  format: SpteFormat;
  old: bigint;
  new: bigint;
  pre: boolean;
  final: boolean;
}

const CASES: Case[] = [
  { n: 1, format: 'ept', old: EPT_RW, new: EPT_RO_MW, pre: true, final: false },
  { n: 2, format: 'ept-noad', old: NOAD_RW, new: NOAD_RO_MW, pre: true, final: false },
  { n: 3, format: 'ept', old: EPT_RO_MW, new: EPT_RO_MW, pre: true, final: false },
  { n: 5, format: 'ept', old: EPT_RW, new: EPT_RW & ~(1n << 8n), pre: true, final: false },
  { n: 6, format: 'ept', old: EPT_RW, new: EPT_RW & ~(1n << 9n), pre: true, final: false },
  { n: 7, format: 'ept', old: EPT_RW, new: EPT_RO, pre: true, final: true },
  { n: 7, format: 'ept', old: EPT_RO_MW, new: EPT_RO, pre: true, final: true },
  { n: 8, format: 'ept', old: EPT_RO, new: EPT_RO, pre: false, final: false },
  { n: 9, format: 'ept', old: EPT_RO, new: EPT_RW, pre: false, final: false },
  { n: 10, format: 'ept', old: EPT_RW, new: EPT_RW & ~0x4n, pre: false, final: false },
  { n: 11, format: 'ept', old: NON_PRESENT, new: EPT_RW, pre: false, final: false },
];

function recordingShootdown(log: string[]): TlbShootdown {
  const none = { ipis: 0, requested: 0 };
  return {
    flushRemoteAll: () => (log.push('all'), none),
    flushRemoteRange: () => (log.push('range'), none),
    flushVcpus: () => (log.push('vcpus'), none),
    requestFlushAtNextEntry: () => void log.push('lazy'),
    kickAll: () => 0,
    reloadRoots: () => (log.push('reload'), none),
  };
}

/** A VM whose policy records every LeafChange it sees (copied) and then answers as `policy`. */
function vmWith(
  format: SpteFormat,
  kernel: KernelVersion,
  policy: FlushPolicy,
  mmu: 'tdp' | 'shadow' = 'shadow',
) {
  const flushes: string[] = [];
  const seen: { site: LeafChangeSite; v612: boolean; v613: boolean }[] = [];
  const recording: FlushPolicy = {
    ...policy,
    onLeafChange(change: LeafChange) {
      seen.push({
        site: change.site,
        v612: change.kernelRuleSaysFlush('v6.12'),
        v613: change.kernelRuleSaysFlush('v6.13'),
      });
      return policy.onLeafChange?.(change);
    },
  };
  const config = {
    format,
    kernel,
    mmu,
    vcpus: 1,
    gfns: 4,
    pfnBase: 0x1234,
    indirect: false,
    fineSteps: false,
  };
  const vm = new KvmVm(config, bindSpteOps(format, kernel), recording, () =>
    recordingShootdown(flushes),
  );
  return { vm, flushes, seen };
}

const lo = (v: bigint) => Number(v & 0xffffffffn);
const hi = (v: bigint) => Number(v >> 32n);

describe('spec §9: mmu_spte_update old→new cases', () => {
  for (const c of CASES) {
    for (const [kernel, policy, expected] of [
      ['v6.12', builtInPolicies['kvm-v6.12'], c.pre],
      ['v6.13', builtInPolicies['kvm-v6.13'], c.final],
    ] as const) {
      it(`case ${c.n} ${c.format} 0x${c.old.toString(16)} → 0x${c.new.toString(16)}: ${policy.name} ${expected ? 'flushes' : 'does not flush'}`, () => {
        const { vm, flushes } = vmWith(c.format, kernel, policy);
        vm.store.write(1, 0, lo(c.old), hi(c.old));
        // mmu_set_spte is the caller that acts on mmu_spte_update()'s flag at once (spec §3.4).
        vm.changeLeaf(
          0,
          'page_fault',
          'mmu_set_spte',
          1,
          0,
          lo(c.new),
          hi(c.new),
          new PendingFlushes(),
          new OperationSummary(),
        );
        expect(flushes).toEqual(expected ? ['all'] : []);
      });
    }
  }

  it('case 4: aging an A/D-disabled writable SPTE reports Pre=flush, Final=no, and nobody flushes', () => {
    for (const kernel of ['v6.12', 'v6.13'] as const) {
      const { vm, flushes, seen } = vmWith(
        'ept-noad',
        kernel,
        builtInPolicies[`kvm-${kernel}`],
        'tdp',
      );
      vm.store.write(1, 0, lo(NOAD_RW), hi(NOAD_RW));
      const op = new AgeGfnRangeOp(vm, 'clear_young', 0, 1);
      while (op.step() !== STEP_DONE);
      expect(seen).toEqual([{ site: 'kvm_age_gfn', v612: true, v613: false }]);
      expect(flushes).toEqual([]);
    }
  });

  it('case 7 through the real write-track add: both kernels flush before dropping mmu_lock', () => {
    for (const kernel of ['v6.12', 'v6.13'] as const) {
      const { vm, flushes, seen } = vmWith('ept', kernel, builtInPolicies[`kvm-${kernel}`], 'tdp');
      vm.store.write(1, 2, lo(EPT_RO_MW), hi(EPT_RO_MW));
      const op = new WriteTrackOp(vm, 2, true);
      let flushedWhileLocked = false;
      while (op.step() !== STEP_DONE)
        flushedWhileLocked ||= flushes.length > 0 && vm.lock.heldForWrite;
      expect(seen).toEqual([{ site: 'kvm_write_track_add_gfn', v612: true, v613: true }]);
      expect(flushes).toEqual(['all']);
      expect(vm.lock.heldForWrite).toBe(false);
    }
  });
});
