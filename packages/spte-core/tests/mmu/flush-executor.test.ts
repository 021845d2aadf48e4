import { describe, expect, it } from 'vitest';
import { FlushExecutor, PendingFlushes } from '../../src/mmu/flush-executor.js';
import { KvmStats } from '../../src/mmu/kvm-stats.js';
import { NO_MMU_EVENTS } from '../../src/mmu/mmu-events.js';
import type { TlbShootdown } from '../../src/ports/tlb-shootdown.js';

function fakeShootdown(ipisPerFlush: number) {
  const calls: string[] = [];
  const shootdown: TlbShootdown = {
    flushRemoteAll: () => (calls.push('all'), { ipis: ipisPerFlush, requested: 4 }),
    flushRemoteRange: (gfn, count) => (
      calls.push(`range ${gfn}+${count}`),
      { ipis: 1, requested: 4 }
    ),
    flushVcpus: (v) => (
      calls.push(`vcpus ${v.join(',')}`),
      { ipis: v.length, requested: v.length }
    ),
    requestFlushAtNextEntry: () => void calls.push('lazy'),
    kickAll: () => 0,
    reloadRoots: () => (calls.push('reload'), { ipis: 0, requested: 4 }),
  };
  return { shootdown, calls };
}

const ALL = { kind: 'all' as const };

describe('FlushExecutor (spec §6.4, §7)', () => {
  it('counts every VM-wide flush as a request and those with IPIs as remote_tlb_flush', () => {
    const stats = new KvmStats();
    const { shootdown } = fakeShootdown(0);
    const ex = new FlushExecutor(shootdown, stats, NO_MMU_EVENTS);
    ex.apply(
      { scope: ALL, timing: 'now' },
      new PendingFlushes(),
      -1,
      'get_dirty_log',
      'kvm_get_dirty_log_protect',
    );
    expect(stats.remote_tlb_flush_requests).toBe(1);
    expect(stats.remote_tlb_flush).toBe(0);
    const busy = new FlushExecutor(fakeShootdown(3).shootdown, stats, NO_MMU_EVENTS);
    busy.apply(
      { scope: ALL, timing: 'now' },
      new PendingFlushes(),
      -1,
      'get_dirty_log',
      'kvm_get_dirty_log_protect',
    );
    expect(stats.remote_tlb_flush_requests).toBe(2);
    expect(stats.remote_tlb_flush).toBe(1);
    expect(busy.ipis).toBe(3);
  });

  it('coalesces deferred VM-wide requests into one flush at the lock release', () => {
    const stats = new KvmStats();
    const { shootdown, calls } = fakeShootdown(1);
    const ex = new FlushExecutor(shootdown, stats, NO_MMU_EVENTS);
    const pending = new PendingFlushes();
    for (let i = 0; i < 5; i++)
      ex.apply(
        { scope: ALL, timing: 'before-unlock' },
        pending,
        -3,
        'kvm_write_track_add_gfn',
        '__kvm_write_track_add_gfn',
      );
    expect(calls).toEqual([]);
    ex.drain(pending, 'unlock', -3, 'kvm_write_track_add_gfn');
    expect(calls).toEqual(['all']);
    ex.drain(pending, 'unlock', -3, 'kvm_write_track_add_gfn');
    expect(calls).toEqual(['all']);
  });

  it('keeps range and per-vCPU scopes apart, and lazy requests go to the next entry', () => {
    const { shootdown, calls } = fakeShootdown(1);
    const ex = new FlushExecutor(shootdown, new KvmStats(), NO_MMU_EVENTS);
    const pending = new PendingFlushes();
    ex.apply(
      [
        { scope: { kind: 'range', gfn: 8, count: 2 }, timing: 'before-return' },
        { scope: { kind: 'vcpus', vcpus: [0, 2] }, timing: 'before-return' },
        { scope: ALL, timing: 'next-entry' },
      ],
      pending,
      -1,
      'clear_dirty_log',
      'kvm_clear_dirty_log_protect',
    );
    expect(calls).toEqual(['lazy']);
    ex.drain(pending, 'return', -1, 'clear_dirty_log');
    expect(calls).toEqual(['lazy', 'range 8+2', 'vcpus 0,2']);
  });

  it('charges each VM-wide flush to the site that asked for it; a coalesced one to the latest', () => {
    const stats = new KvmStats();
    const ex = new FlushExecutor(fakeShootdown(1).shootdown, stats, NO_MMU_EVENTS);
    const pending = new PendingFlushes();
    const later = { scope: ALL, timing: 'before-unlock' } as const;
    ex.apply(later, pending, 0, 'sync_unsync_pages', '__kvm_sync_page');
    ex.apply(later, pending, 0, 'sync_unsync_pages', 'mmu_sync_children');
    ex.drain(pending, 'unlock', 0, 'sync_unsync_pages');
    ex.apply({ scope: ALL, timing: 'now' }, pending, 0, 'page_fault', 'mmu_set_spte');
    const range = { scope: { kind: 'range', gfn: 1, count: 1 }, timing: 'now' } as const;
    ex.apply(range, pending, 0, 'page_fault', 'mmu_set_spte');
    expect(Object.fromEntries(stats.flushesBySite)).toEqual({
      mmu_sync_children: 1,
      mmu_set_spte: 1,
    });
    expect(Object.fromEntries(stats.rangeFlushesBySite)).toEqual({ mmu_set_spte: 1 });
    expect(stats.remote_tlb_flush_requests).toBe(2);
  });
});
