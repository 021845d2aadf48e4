import {
  FLUSH_ALL_BEFORE_UNLOCK,
  FLUSH_ALL_NOW,
  type FlushPoint,
  type KernelVersion,
  type LeafChange,
  type LeafChangeSite,
} from '@spte-lab/spte-core';
import { describe, expect, it } from 'vitest';
import { builtInPolicies } from '../src/index.js';

function change(
  site: LeafChangeSite,
  over: Partial<LeafChange> & { rule?: boolean } = {},
): LeafChange {
  const { rule = false, ...rest } = over;
  return {
    site,
    operation: 'page_fault',
    gfn: 1,
    level: 1,
    oldLo: 0,
    oldHi: 0,
    newLo: 0,
    newHi: 0,
    oldPresent: true,
    oldLeaf: true,
    newPresent: true,
    pfnChanged: false,
    oldMmuWritable: true,
    newMmuWritable: true,
    oldWritable: true,
    newWritable: false,
    permissionsReduced: true,
    accessedDirtyCleared: false,
    seedTermOnly: false,
    kernelRuleSaysFlush: (_k: KernelVersion) => rule,
    ...rest,
  };
}

function point(
  kind: FlushPoint['kind'],
  operation: FlushPoint['operation'],
  s: Partial<FlushPoint['summary']> = {},
): FlushPoint {
  return {
    kind,
    operation,
    vcpu: -1,
    summary: { reaped: 0, leafChanges: 0, zapped: 0, young: 0, kernelFlushFlag: false, ...s },
  };
}

const v613 = builtInPolicies['kvm-v6.13'];
const v612 = builtInPolicies['kvm-v6.12'];

describe('kernel policies, call site by call site (spec §3.11)', () => {
  it('mmu_set_spte flushes at once exactly when the kernel rule says so (spec §3.4)', () => {
    expect(v613.onLeafChange!(change('mmu_set_spte', { rule: true }))).toMatchObject({
      timing: 'now',
    });
    expect(v613.onLeafChange!(change('mmu_set_spte', { rule: false }))).toBeNull();
  });

  it('the kernel rule is asked with the policy’s own version', () => {
    const asked: KernelVersion[] = [];
    const c = change('mmu_set_spte', { kernelRuleSaysFlush: (k) => (asked.push(k), false) });
    v612.onLeafChange!(c);
    v613.onLeafChange!(c);
    expect(asked).toEqual(['v6.12', 'v6.13']);
  });

  it('mmu_set_spte replacing a non-leaf or another pfn always flushes', () => {
    expect(v613.onLeafChange!(change('mmu_set_spte', { oldLeaf: false }))).toMatchObject({
      timing: 'now',
    });
    expect(v613.onLeafChange!(change('mmu_set_spte', { pfnChanged: true }))).toMatchObject({
      timing: 'now',
    });
  });

  it('TDP fault path: v6.12 flushes only non-leaf→leaf; v6.13 also the WARN case (patch 08)', () => {
    const warnCase = change('tdp_mmu_map_handle_target_level', { rule: true });
    expect(v612.onLeafChange!(warnCase)).toBeNull();
    expect(v613.onLeafChange!(warnCase)).toMatchObject({ timing: 'now' });
    const nonLeaf = change('tdp_mmu_map_handle_target_level', { oldLeaf: false });
    expect(v612.onLeafChange!(nonLeaf)).toMatchObject({ timing: 'now' });
  });

  it('write-tracking flushes before unlock iff the kernel rule says so (spec §5)', () => {
    expect(v613.onLeafChange!(change('kvm_write_track_add_gfn', { rule: true }))).toMatchObject({
      timing: 'before-unlock',
    });
    expect(v613.onLeafChange!(change('kvm_write_track_add_gfn', { rule: false }))).toBeNull();
  });

  it('w-bit-only keys write-tracking on losing W, so a W=0, MW=1 SPTE is not flushed', () => {
    const wBitOnly = builtInPolicies['w-bit-only'];
    const roMw = change('kvm_write_track_add_gfn', {
      rule: true,
      oldWritable: false,
      newWritable: false,
      newMmuWritable: false,
    });
    expect(v613.onLeafChange!(roMw)).toMatchObject({ timing: 'before-unlock' });
    expect(wBitOnly.onLeafChange!(roMw)).toBeNull();
    const rw = change('kvm_write_track_add_gfn', {
      rule: true,
      oldWritable: true,
      newWritable: false,
    });
    expect(wBitOnly.onLeafChange!(rw)).toMatchObject({ timing: 'before-unlock' });
  });

  it('dirty-log write-protect and the init-set huge write-protect leave the flush to the ioctl', () => {
    for (const site of [
      'kvm_mmu_slot_remove_write_access',
      'kvm_arch_mmu_enable_log_dirty_pt_masked',
      'init_set_huge_write_protect',
    ] as const) {
      expect(v613.onLeafChange!(change(site, { rule: true }))).toBeNull();
      expect(v612.onLeafChange!(change(site, { rule: true }))).toBeNull();
    }
  });

  it('GET_DIRTY_LOG flushes before returning iff something was reaped (spec §4.3)', () => {
    expect(v613.onFlushPoint!(point('ioctl-return', 'get_dirty_log', { reaped: 3 }))).toMatchObject(
      { timing: 'now' },
    );
    expect(v613.onFlushPoint!(point('ioctl-return', 'get_dirty_log', { reaped: 0 }))).toBeNull();
  });

  it('enabling dirty logging flushes unconditionally (spec §4.2)', () => {
    expect(
      v613.onFlushPoint!(point('ioctl-return', 'enable_dirty_logging', { kernelFlushFlag: true })),
    ).toMatchObject({ timing: 'now' });
    // Manual protect with initially-set returns without write-protecting or flushing.
    expect(v613.onFlushPoint!(point('ioctl-return', 'enable_dirty_logging'))).toBeNull();
  });

  it('clear_flush_young flushes on young SPTEs only in v6.12 (spec §3.7)', () => {
    const young = point('lock-release', 'clear_flush_young', { young: 2 });
    expect(v612.onFlushPoint!(young)).toMatchObject({ timing: 'now' });
    expect(v613.onFlushPoint!(young)).toBeNull();
  });

  it('never has no hooks at all', () => {
    expect(builtInPolicies.never.onLeafChange).toBeUndefined();
    expect(builtInPolicies.never.onFlushPoint).toBeUndefined();
  });
});

describe('registry conventions (STYLE.md meta-test)', () => {
  it.each(Object.entries(builtInPolicies))(
    '%s is registered under its own name and described',
    (key, policy) => {
      expect(policy.name).toBe(key);
      expect(policy.description.length).toBeGreaterThan(10);
    },
  );
});

describe('late-invalidate-flush (deliberately wrong, spec §12.12)', () => {
  const late = builtInPolicies['late-invalidate-flush'];
  const zap = { newPresent: false, newWritable: false, newMmuWritable: false } as const;
  const endUnlock = (zapped: number): FlushPoint => ({
    ...point('lock-release', 'invalidate_range', { zapped }),
    lockSite: 'kvm_mmu_notifier_invalidate_range_end',
  });

  it('asks for no flush at the notifier’s zap, and flushes at invalidate_range_end instead', () => {
    expect(late.onLeafChange!(change('zap', { ...zap, operation: 'invalidate_range' }))).toBeNull();
    expect(v613.onLeafChange!(change('zap', { ...zap, operation: 'invalidate_range' }))).toEqual(
      FLUSH_ALL_BEFORE_UNLOCK,
    );
    expect(late.onFlushPoint!(endUnlock(1))).toEqual(FLUSH_ALL_NOW);
    expect(late.onFlushPoint!(endUnlock(0))).toBeNull();
    expect(v613.onFlushPoint!(endUnlock(1))).toBeNull();
  });

  it('keeps the kernel’s flush for every other zap', () => {
    for (const operation of ['zap_gfn_range', 'page_fault', 'kvm_mmu_track_write'] as const)
      expect(late.onLeafChange!(change('zap', { ...zap, operation }))).toEqual(
        FLUSH_ALL_BEFORE_UNLOCK,
      );
  });
});
