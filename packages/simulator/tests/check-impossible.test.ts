import { describe, expect, it } from 'vitest';
import { type CheckConfig, checkConfigImpossible, DEFAULT_CHECK } from '../src/index.js';

/** Issue 19: the configurations the kernel cannot produce, each with its kernel function. */
const spec = (over: Partial<Omit<CheckConfig, 'policy'>>) => ({
  ...DEFAULT_CHECK,
  policy: 'kvm-v6.13',
  ...over,
});
const RING = { dirtyRing: { size: 16, softLimit: 8 } };

describe('checkConfigImpossible', () => {
  it('accepts the default configuration and producible corner cases', () => {
    expect(checkConfigImpossible(spec({}))).toBeUndefined();
    expect(checkConfigImpossible(spec({ operations: ['clear_dirty_log'] }))).toBeUndefined();
    expect(
      checkConfigImpossible(spec({ mmu: 'shadow', operations: ['pre_fault'] })),
    ).toBeUndefined();
    expect(
      checkConfigImpossible(spec({ vm: { pml: true }, operations: ['pml_drain'] })),
    ).toBeUndefined();
    expect(
      checkConfigImpossible(spec({ vm: RING, operations: ['reset_dirty_rings'] })),
    ).toBeUndefined();
    expect(checkConfigImpossible(spec({ eagerSplit: 'off' }))).toBeUndefined();
  });

  it.each<[string, Partial<Omit<CheckConfig, 'policy'>>, RegExp]>([
    [
      'GET_DIRTY_LOG with a ring',
      { vm: RING, operations: ['get_dirty_log'] },
      /ENXIO.*kvm_get_dirty_log_protect/,
    ],
    [
      'CLEAR_DIRTY_LOG with a ring',
      { vm: { ...RING, manualProtect: true }, operations: ['clear_dirty_log'] },
      /ENXIO/,
    ],
    [
      'init-set without manual protect',
      { vm: { initiallySet: true }, operations: [] },
      /kvm_vm_ioctl_enable_cap_generic/,
    ],
    [
      'init-set with a ring',
      { vm: { ...RING, initiallySet: true, manualProtect: true }, operations: [] },
      /kvm_use_dirty_bitmap/,
    ],
    [
      'ring reset without a ring',
      { operations: ['reset_dirty_rings'] },
      /kvm_vm_ioctl_reset_dirty_pages/,
    ],
    [
      'PML without EPT A/D',
      { format: 'ept-noad', vm: { pml: true }, operations: [] },
      /enable_ept_ad_bits/,
    ],
    [
      'PML on legacy',
      { format: 'legacy', vm: { pml: true }, operations: [] },
      /enable_ept_ad_bits/,
    ],
    ['PML drain without PML', { operations: ['pml_drain'] }, /vmx_flush_pml_buffer/],
    [
      'eager split off, shadow MMU',
      { mmu: 'shadow', eagerSplit: 'off' },
      /duplicates eager split 'on'/,
    ],
    [
      'logging on a read-only slot',
      { vm: { readOnly: true }, operations: ['enable_dirty_logging'] },
      /KVM_MEM_READONLY/,
    ],
  ])('%s is impossible', (_, over, why) => {
    expect(checkConfigImpossible(spec(over))).toMatch(why);
  });
});
