import { describe, expect, it } from 'vitest';
import { createSimulator, DEFAULT_CHECK, parseReplayFile } from '../src/index.js';

/**
 * `spte-lab check` over the default configuration: one vCPU with two writes (to either of two
 * gfns), one GET_DIRTY_LOG by the VMM and one write-track add by the tracker, logging already
 * enabled, every SPTE update its own step, adversarial TLB retention.
 */
const sim = createSimulator();

describe('check: exhaustive exploration of the default configuration', () => {
  it.each(['kvm-v6.13', 'kvm-v6.12', 'conservative'])('%s is safe within the bound', (policy) => {
    const report = sim.check({ policy });
    expect(report.verdict).toBe('safe');
    expect(report.statesExplored).toBeGreaterThan(100);
    expect(report.violation).toBeUndefined();
  });

  /*
   * never, by hand: the shortest break is a write that survives a write-track add.
   *   1 vcpu0 write gfn 0: EPT violation (SPTE not present)
   *   2 vcpu0 page_fault: page-track check, no fast path (non-present, A/D on)
   *   3 vcpu0 page_fault: mmu_lock (read)
   *   4 vcpu0 tdp_mmu_map_handle_target_level: SPTE → W=1 MW=1, gfn logged
   *   5 vcpu0 page_fault: unlock
   *   6 vcpu0 write gfn 0 again: walk, writable TLB entry
   *   7 tracker kvm_write_track_add_gfn: mmu_lock (write)
   *   8 tracker: W=1 MW=1 → W=0 MW=0; never does not flush
   *   9 tracker: unlock, return: the gfn must trap from now on
   *  10 vcpu0 write gfn 0 through the stale writable entry: no trap — violation.
   */
  it('never is unsafe with the hand-derived 10-step counterexample', () => {
    const report = sim.check({ policy: 'never' });
    expect(report.verdict).toBe('unsafe');
    expect(report.violation!.kind).toBe('write-track');
    expect(report.replay!.schedule).toHaveLength(10);
  });

  /*
   * w-bit-only, by hand: it flushes when W is lost, so the tracker must come after a harvest
   * already made the SPTE W=0 (MW=1) and before the harvest's own flush (spec §1.6, §5):
   *   1–6  vcpu0: first write as above, leaving a writable TLB entry
   *   7    vmm get_dirty_log: mmu_lock (write)
   *   8    vmm: reaps gfn 0, SPTE W=1 MW=1 → W=0 MW=1 (no flush: the ioctl flushes later)
   *   9    vmm: unlock
   *  10    tracker: mmu_lock
   *  11    tracker: W=0 MW=1 → W=0 MW=0; W was not lost, so w-bit-only does not flush
   *  12    tracker: unlock, return
   *  13    vcpu0 write through the stale writable entry: no trap — violation.
   */
  it('w-bit-only is unsafe with the hand-derived 13-step write-track-after-harvest counterexample', () => {
    const report = sim.check({ policy: 'w-bit-only' });
    expect(report.verdict).toBe('unsafe');
    expect(report.violation!.kind).toBe('write-track');
    expect(report.replay!.schedule).toHaveLength(13);
    const raced = report.steps!.filter((s) => s.n >= 1);
    expect(report.steps![0]!.actor).toBe('setup');
    const lines = raced.flatMap((s) =>
      s.events.map((e) => `${s.n} ${s.actor} ${e.operation} ${e.detail}`),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^8 vmm kvm_arch_mmu_enable_log_dirty_pt_masked .*W=1 MW=1 → W=0 MW=1/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^11 tracker kvm_write_track_add_gfn .*W=0 MW=1 → W=0 MW=0/),
    );
    expect(lines.some((l) => /remote TLB flush/.test(l))).toBe(false);
    expect(raced[0]!.tlb).toEqual([]);
    expect(raced[5]!.tlb.join()).toMatch(/\+ vcpu0 4K gfn 0 \(pfn 0x[0-9a-f]+ RW/);
  });

  it('the counterexample replays to the same violation from its replay file', () => {
    const report = sim.check({ policy: 'w-bit-only' });
    const file = parseReplayFile(JSON.parse(JSON.stringify(report.replay)), 'test');
    const replayed = sim.replaySchedule(file);
    expect(replayed.violation).toEqual(report.violation);
    expect(replayed.steps).toEqual(report.steps);
  });

  it('explored-state counts are stable for a fixed configuration', () => {
    const a = sim.check({ policy: 'kvm-v6.13' });
    const b = sim.check({ policy: 'kvm-v6.13' });
    expect(a.statesExplored).toBe(b.statesExplored);
    expect(a.transitions).toBe(b.transitions);
    expect(a.statesExplored).toMatchInlineSnapshot(`4902`);
  });

  it('rejects configurations outside the issue’s bounds', () => {
    expect(() => sim.check({ policy: 'kvm-v6.13', vcpus: 4 })).toThrow(/vcpus must be 1–3/);
    expect(() => sim.check({ policy: 'kvm-v6.13', gfns: 0 })).toThrow(/gfns must be 1–4/);
    expect(DEFAULT_CHECK.maxDepth).toBeGreaterThan(13);
  });

  it('rejects a file that is not a schedule', () => {
    expect(() => parseReplayFile({ kind: 'x' }, 'bad.json')).toThrow(
      /bad.json: not a spte-lab schedule file/,
    );
  });
});
