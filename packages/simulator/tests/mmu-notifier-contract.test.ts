import { builtInPolicies } from '@spte-lab/flush-policies';
import { ACCESS_WRITE, ACTOR_HOST_MM, type FlushPolicy } from '@spte-lab/spte-core';
import { describe, expect, it } from 'vitest';
import { createSimulator, simulatedTlbFactory, World } from '../src/index.js';

/**
 * The mmu_notifier contract at its point (spec §3.8, §12.11, §12.12; issue 17): the host unmaps
 * and reuses the pages as soon as `kvm_mmu_notifier_invalidate_range_start` returns, so an
 * access through the old pfn is a violation from then on, not only after `invalidate_range_end`;
 * `kvm_mmu_invalidate_begin` runs under `mmu_lock`; a racing fault retries through
 * `mmu_invalidate_retry_gfn` on `mmu_invalidate_seq`. Each case is a small explicit schedule.
 */
function world(policy: FlushPolicy): World {
  return new World(
    {
      scenario: { format: 'ept', mmu: 'tdp', vm: {} },
      vcpus: 1,
      gfns: 4,
      policy,
      kernel: 'v6.13',
      retention: 'adversarial',
      seed: 1,
      fineSteps: true,
    },
    simulatedTlbFactory(),
  );
}

/** The trace lines of the run so far, as `actor operation: detail`. */
function lines(w: World): string[] {
  return w.trace.all().map((e) => `${e.actor} ${e.operation}: ${e.detail}`);
}

/** Steps an actor until it has no work left. */
function finish(w: World, actor: number): void {
  for (let i = 0; i < 100 && w.isBusy(actor); i++) w.step(actor);
  expect(w.isBusy(actor)).toBe(false);
}

/** vCPU 0 maps gfn 0 and caches it; then invalidate_range_start of gfn 0 runs and returns. */
function writeThenInvalidateStart(policy: FlushPolicy): World {
  const w = world(policy);
  w.accessNow(0, 0, ACCESS_WRITE);
  w.assign({ type: 'invalidate_range', gfn: 0, count: 1 });
  // lock + kvm_mmu_invalidate_begin; the zap; the flush point and unlock; start returns.
  for (let i = 0; i < 4; i++) w.step(ACTOR_HOST_MM);
  expect(lines(w).at(-1)).toMatch(/^host-mm invalidate_range_start: returned: the host unmaps/);
  return w;
}

describe('the unmap oracle applies from invalidate_range_start’s return', () => {
  it('a stale TLB entry used before invalidate_range_end is an unmap violation', () => {
    const w = writeThenInvalidateStart(builtInPolicies['late-invalidate-flush']);
    // invalidate_range_end has not run: the invalidation is still in progress.
    expect(w.isBusy(ACTOR_HOST_MM)).toBe(true);
    expect(w.vm.mmuInvalidateInProgress).toBe(1);
    w.assign({ type: 'access', vcpu: 0, gfn: 0, access: 'write' });
    w.step(0);
    expect(w.violations).toHaveLength(1);
    expect(w.violations[0]!.kind).toBe('unmap');
    expect(w.violations[0]!.message).toMatch(
      /through old pfn .* after invalidate_range_start returned/,
    );
  });

  it('the late policy flushes at invalidate_range_end, which is too late', () => {
    const w = writeThenInvalidateStart(builtInPolicies['late-invalidate-flush']);
    expect(lines(w).some((l) => /remote TLB flush/.test(l))).toBe(false);
    finish(w, ACTOR_HOST_MM);
    expect(lines(w).slice(-2).join('\n')).toMatch(
      /^host-mm invalidate_range: remote TLB flush \(all\)[^\n]*\nhost-mm invalidate_range_end: kvm_mmu_invalidate_end; unlock/,
    );
  });

  it('kvm-v6.13 flushes before start returns: the same schedule faults and waits for the end', () => {
    const w = writeThenInvalidateStart(builtInPolicies['kvm-v6.13']);
    w.assign({ type: 'access', vcpu: 0, gfn: 0, access: 'write' });
    // The TLB entry went with start's flush: the write faults, and the fault retries (access,
    // slow path, mmu_lock, the map step's retry, unlock).
    for (let i = 0; i < 5; i++) w.step(0);
    expect(lines(w)).toContainEqual('vcpu0 page_fault: retry: invalidation in progress');
    finish(w, ACTOR_HOST_MM);
    finish(w, 0);
    expect(w.violations).toEqual([]);
    // The access completed on the host's new page.
    expect(w.tlb.lastPfn).toBe(w.vm.pfnOf(0));
  });
});

describe('kvm_mmu_invalidate_begin runs under mmu_lock (spec §12.11)', () => {
  it('a fault holding mmu_lock sees no invalidation; the invalidation waits, then zaps', () => {
    const w = world(builtInPolicies['kvm-v6.13']);
    w.assign({ type: 'access', vcpu: 0, gfn: 1, access: 'write' });
    for (let i = 0; i < 3; i++) w.step(0); // the access faults, the slow path, mmu_lock (read)
    w.assign({ type: 'invalidate_range', gfn: 1, count: 1 });
    w.step(ACTOR_HOST_MM);
    // Blocked on mmu_lock: mmu_invalidate_in_progress is not raised outside the lock.
    expect(w.vm.mmuInvalidateInProgress).toBe(0);
    w.step(0); // the map step: nothing to retry for
    expect(lines(w).at(-1)).toBe('vcpu0 page_fault: fixed');
    w.step(0); // unlock
    w.step(ACTOR_HOST_MM);
    expect(w.vm.mmuInvalidateInProgress).toBe(1);
    finish(w, ACTOR_HOST_MM);
    expect(w.vm.store.leafLevel(1)).toBe(0);
    finish(w, 0);
    expect(w.violations).toEqual([]);
  });
});

describe('mmu_invalidate_seq: a fault retries when an invalidation ran since it resolved its pfn', () => {
  it('the whole invalidation between the fault’s pfn lookup and its map step: retry, then the new pfn', () => {
    const w = world(builtInPolicies['kvm-v6.13']);
    w.assign({ type: 'access', vcpu: 0, gfn: 2, access: 'write' });
    w.step(0); // the access faults
    w.step(0); // kvm_faultin_pfn: mmu_seq and the old pfn sampled, no lock yet
    const oldPfn = w.vm.pfnOf(2);
    w.assign({ type: 'invalidate_range', gfn: 2, count: 1 });
    finish(w, ACTOR_HOST_MM); // start, return (the host reuses the page), end
    expect(w.vm.mmuInvalidateSeq).toBe(1);
    expect(w.vm.mmuInvalidateInProgress).toBe(0);
    expect(w.vm.pfnOf(2)).not.toBe(oldPfn);
    w.step(0); // mmu_lock
    w.step(0); // is_page_fault_stale: no range in progress, but the sequence moved
    expect(lines(w).at(-1)).toBe('vcpu0 page_fault: retry: mmu_invalidate_seq moved');
    expect(w.vm.store.leafLevel(2)).toBe(0);
    finish(w, 0);
    expect(w.violations).toEqual([]);
    expect(w.tlb.lastPfn).toBe(w.vm.pfnOf(2));
  });
});

describe('check: the late flush, on host-reclaim', () => {
  const sim = createSimulator();

  /*
   * The shortest counterexample, by hand (host MM's queue is clear_young, then
   * invalidate_range; logging is on, so the first write maps W=1 and logs the gfn):
   *   1–5  vcpu0: write gfn 0 faults, slow path, mmu_lock, map W=1, unlock
   *   6    vcpu0: the retried write walks and fills a writable TLB entry
   *   7–9  host-mm clear_young: lock, age the SPTE, unlock (no flush)
   *   10   host-mm invalidate_range_start: mmu_lock, kvm_mmu_invalidate_begin
   *   11   host-mm: zap the SPTE; the late policy asks for no flush
   *   12   host-mm: unlock
   *   13   host-mm: invalidate_range_start returns, the host reuses the page
   *   14   vcpu0: write through the stale entry to the old pfn — violation.
   */
  it('finds the hand-derived 14-step unmap counterexample', () => {
    const report = sim.check({ policy: 'late-invalidate-flush', scenario: 'host-reclaim' });
    expect(report.verdict).toBe('unsafe');
    expect(report.violation!.kind).toBe('unmap');
    expect(report.replay!.schedule).toHaveLength(14);
    const steps = report.steps!.flatMap((s) =>
      s.events.map((e) => `${s.n} ${s.actor} ${e.operation} ${e.detail}`),
    );
    expect(steps).toContainEqual(
      expect.stringMatching(/^13 host-mm invalidate_range_start returned/),
    );
    expect(steps).toContainEqual(expect.stringMatching(/^14 vcpu0 guest access write via stale/));
    expect(steps.some((l) => /remote TLB flush/.test(l.replace(/^0 .*/, '')))).toBe(false);
  });

  it.each(['kvm-v6.12', 'kvm-v6.13'])('%s is safe on host-reclaim within the bound', (policy) => {
    const report = sim.check({ policy, scenario: 'host-reclaim' });
    expect(report.verdict).toBe('safe');
  });
});
