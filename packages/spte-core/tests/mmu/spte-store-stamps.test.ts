import { describe, expect, it } from 'vitest';
import { bindSpteOps } from '../../src/mmu/bind-spte-ops.js';
import { SpteStore } from '../../src/mmu/spte-store.js';
import { StateBuffer } from '../../src/mmu/state-buffer.js';

/** The store's change stamps (issue 20), which let tlb-model classify a hit without a walk. */
describe('SpteStore change stamps', () => {
  const store = () => new SpteStore(1 << 20, bindSpteOps('ept', 'v6.13'));

  it('reports no change of an SPTE not written since the stamp, and a change after a write', () => {
    const s = store();
    s.write(1, 5, 0x1234, 0);
    const stamp = s.changeClock;
    expect(s.changedSince(5, 1, stamp)).toBe(false);
    s.write(1, 6, 0x1234, 0);
    expect(s.changedSince(5, 1, stamp)).toBe(false);
    s.write(1, 5, 0x5678, 0);
    expect(s.changedSince(5, 1, stamp)).toBe(true);
  });

  it('counts writes of the larger pages covering the gfn, not of the smaller ones', () => {
    const s = store();
    const stamp = s.changeClock;
    s.write(1, 512 + 7, 1, 0);
    // A level-2 leaf hides the 4K SPTEs below it: their writes do not change its walk.
    expect(s.changedSince(512 + 7, 2, stamp)).toBe(false);
    expect(s.changedSince(512 + 7, 1, stamp)).toBe(true);
    s.write(3, 0, 1, 0);
    expect(s.changedSince(512 + 7, 2, stamp)).toBe(true);
    expect(s.changedSince(1 << 18, 1, stamp)).toBe(false);
  });

  it('treats stamp 0 as unknown and a loadState as a write of every SPTE', () => {
    const s = store();
    expect(s.changedSince(3, 1, 0)).toBe(true);
    const stamp = s.changeClock;
    const buffer = new StateBuffer();
    s.saveState(buffer);
    buffer.at = 0;
    s.loadState(buffer);
    expect(s.changedSince(3, 1, stamp)).toBe(true);
    expect(s.changedSince(3, 1, s.changeClock)).toBe(false);
  });
});
