import { describe, expect, it } from 'vitest';
import { bindSpteOps } from '../../src/mmu/bind-spte-ops.js';
import { KvmVm } from '../../src/mmu/kvm-vm.js';
import { LOCK_READ, LOCK_WRITE } from '../../src/mmu/mmu-lock.js';
import { StateBuffer } from '../../src/mmu/state-buffer.js';
import type { FlushPolicy } from '../../src/ports/flush-policy.js';
import { quietShootdown } from './support/quiet-shootdown.js';

/** The explorer's snapshots (simulator `spte-lab check`): save, change anything, load back. */

const policy: FlushPolicy = { name: 'none', description: 'test' };

function vm(): KvmVm {
  const config = {
    format: 'ept' as const,
    kernel: 'v6.13' as const,
    mmu: 'tdp' as const,
    vcpus: 2,
    gfns: 1024,
    pfnBase: 0x1234,
    indirect: false,
    fineSteps: true,
  };
  const vm = new KvmVm(config, bindSpteOps('ept', 'v6.13'), policy, () => quietShootdown);
  vm.useDirtyRings(8, 6);
  return vm;
}

/** Everything saveState writes, as numbers. */
function saved(vm: KvmVm): number[] {
  const out = new StateBuffer(new Float64Array(4));
  vm.saveState(out);
  const n = out.at;
  out.at = 0;
  return Array.from({ length: n }, () => out.read());
}

describe('StateBuffer', () => {
  it('reads back what was written, in order, growing as needed', () => {
    const out = new StateBuffer(new Float64Array(2));
    out.write(-1);
    out.writeUint8s(Uint8Array.of(1, 255));
    out.writeUint16s(Uint16Array.of(65535));
    out.writeUint32s(Uint32Array.of(0xffffffff, 7));
    out.writeFloat64s(Float64Array.of(2 ** 40 + 0.5));
    out.writeNumbers([3, -4]);
    out.at = 0;
    const u8 = new Uint8Array(2);
    const u16 = new Uint16Array(1);
    const u32 = new Uint32Array(2);
    const f64 = new Float64Array(1);
    const numbers = [0, 0];
    expect(out.read()).toBe(-1);
    out.readUint8s(u8);
    out.readUint16s(u16);
    out.readUint32s(u32);
    out.readFloat64s(f64);
    out.readNumbers(numbers);
    expect([...u8, ...u16, ...u32, ...f64, ...numbers]).toEqual([
      1,
      255,
      65535,
      0xffffffff,
      7,
      2 ** 40 + 0.5,
      3,
      -4,
    ]);
  });
});

describe('KvmVm saveState / loadState', () => {
  it('brings back SPTEs, memslot, lock, dirty rings and host backing', () => {
    const a = vm();
    a.memslot.dirtyLogging = true;
    a.store.write(1, 3, 0x1b77, 0x06000000);
    a.store.write(2, 512, 0x2b77, 0x06000000);
    a.markPageDirty(3, 0);
    a.markPageDirty(4, 1);
    a.memslot.writeTrack[5] = 2;
    a.memslot.disallowLpage[0] = 1;
    a.lock.tryAcquire(LOCK_READ);
    a.mmuInvalidate.begin();
    a.mmuInvalidate.rangeAdd(6, 7);
    a.replaceBacking(7);
    const before = saved(a);
    const out = new StateBuffer();
    a.saveState(out);

    a.memslot.dirtyLogging = false;
    a.store.write(1, 3, 0, 0);
    a.markPageDirty(9, 0);
    a.rings[1]!.harvest([]);
    a.memslot.writeTrack[5] = 0;
    a.lock.release(LOCK_READ);
    a.lock.tryAcquire(LOCK_WRITE);
    a.mmuInvalidate.end();
    a.replaceBacking(8);
    expect(saved(a)).not.toEqual(before);

    out.at = 0;
    a.loadState(out);
    expect(saved(a)).toEqual(before);
    expect(a.lock.readerCount).toBe(1);
    expect(a.lock.heldForWrite).toBe(false);
    expect(a.rings[0]!.used).toBe(1);
    expect(a.mmuInvalidateSeq).toBe(0);
    expect(a.mmuInvalidate.covers(6)).toBe(true);
    // The host's next fresh page comes after 7's, as before the detour.
    a.replaceBacking(9);
    expect(a.pfnOf(9)).toBe(a.pfnOf(7) + 1);
    expect(a.maxMappingLevel(0)).toBe(1);
  });
});
