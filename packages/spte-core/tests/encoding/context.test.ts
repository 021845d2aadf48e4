import { describe, expect, it } from 'vitest';
import {
  KERNEL_PROFILES,
  spteApi,
  spteContext,
  VMX_EPT_ACCESS_BIT,
  VMX_EPT_DIRTY_BIT,
} from '../../src/index.js';

describe('spteContext', () => {
  it('is cached and frozen', () => {
    const ctx = spteContext('ept', 'v6.13');
    expect(spteContext('ept')).toBe(ctx);
    expect(Object.isFrozen(ctx)).toBe(true);
    expect(Object.isFrozen(ctx.masks)).toBe(true);
    expect(ctx.profile).toBe(KERNEL_PROFILES['v6.13']);
  });

  it('applies the kernel profile to the EPT A/D masks when A/D bits are off (spec §1.7)', () => {
    expect(spteContext('ept-noad', 'v6.12').masks).toMatchObject({
      shadowAccessedMask: 0n,
      shadowDirtyMask: 0n,
    });
    expect(spteContext('ept-noad', 'v6.13').masks).toMatchObject({
      shadowAccessedMask: VMX_EPT_ACCESS_BIT,
      shadowDirtyMask: VMX_EPT_DIRTY_BIT,
    });
    expect(spteContext('ept', 'v6.12').masks.shadowAccessedMask).toBe(VMX_EPT_ACCESS_BIT);
  });

  it('splits masks into words', () => {
    const ept = spteContext('ept');
    expect([ept.mmuWritableLo, ept.mmuWritableHi]).toEqual([0, 1 << 26]);
    expect([ept.presentLo, ept.presentHi]).toEqual([0, 0x80000000]);
    const legacy = spteContext('legacy');
    expect([legacy.nxLo, legacy.nxHi, legacy.mmioValueLo, legacy.mmioValueHi]).toEqual([
      0,
      0x80000000,
      1,
      1 << 19,
    ]);
  });

  it('rejects unknown names', () => {
    expect(() => spteContext('npt' as never)).toThrow(RangeError);
    expect(() => spteContext('ept', 'v6.11' as never)).toThrow(RangeError);
  });
});

describe('bigint face input checks', () => {
  const api = spteApi('ept');
  it('rejects values outside [0, 2^64)', () => {
    expect(() => api.isWritable(-1n)).toThrow(RangeError);
    expect(() => api.isWritable(1n << 64n)).toThrow(RangeError);
    expect(() => api.flushV6_13(0n, 1n << 64n)).toThrow(/newSpte/);
    expect(() => api.makeSpte({ level: 1, pteAccess: 7, pfn: 0n, mtMask: 1n << 32n })).toThrow(
      RangeError,
    );
  });

  it('keeps the low 52 bits of a pfn, as the kernel shift does', () => {
    const make = (pfn: bigint) => api.makeSpte({ level: 1, pteAccess: 7, pfn }).spte;
    expect(make((1n << 60n) | 0x1234n)).toBe(
      make(0x1234n) | ((0xffn << 52n) & make((1n << 60n) | 0x1234n)),
    );
    expect(api.spteToPfn(make(0xfffffffffn))).toBe(0xfffffffffn);
  });
});
