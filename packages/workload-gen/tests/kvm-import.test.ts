import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  importKvmTraceFile,
  type KvmImportOptions,
  KvmTraceImporter,
  openTraceFile,
  parseLineHeader,
  readLines,
  summaryLines,
  type WorkloadEvent,
} from '../src/index.js';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

function importFile(name: string, options: KvmImportOptions) {
  const importer = new KvmTraceImporter(options);
  const events: WorkloadEvent[] = [];
  for (const line of readLines(fixture(name))) {
    const event = importer.line(line.text, line.number);
    if (event) events.push(event);
  }
  return { events, summary: importer.summary };
}

/** One line through a fresh importer (EPT, TDP, 2 vCPUs, 16 gfns unless overridden). */
function one(line: string, options: Partial<KvmImportOptions> = {}) {
  const importer = new KvmTraceImporter({
    setup: { format: 'ept', mmu: 'tdp', vm: {} },
    vcpus: 2,
    gfns: 16,
    ...options,
  });
  const event = importer.line(line, 1);
  return { event, skipped: Object.keys(importer.summary.skipped) };
}

describe('line headers', () => {
  it('reads trace-cmd report and perf script lines, comm names with spaces and dashes', () => {
    expect(
      parseLineHeader('       CPU 0/KVM-4125  [002]  8822.000232: kvm_page_fault:       vcpu 0 x'),
    ).toEqual({ comm: 'CPU 0/KVM', tid: 4125, event: 'kvm_page_fault', text: 'vcpu 0 x' });
    expect(
      parseLineHeader(' qemu-system-x86-4120  [000] d..1. 8822.000100: sys_enter_ioctl: fd: 0x1'),
    ).toMatchObject({
      comm: 'qemu-system-x86',
      tid: 4120,
      event: 'sys_enter_ioctl',
    });
    expect(
      parseLineHeader('       CPU 1/KVM  5211 [005]  9100.000200: kvm:kvm_page_fault: vcpu 1 y'),
    ).toEqual({
      comm: 'CPU 1/KVM',
      tid: 5211,
      event: 'kvm_page_fault',
      text: 'vcpu 1 y',
    });
    expect(
      parseLineHeader(' qemu-kvm  5200/5213 [001]  91.5: kvmmmu:fast_page_fault: z')?.tid,
    ).toBe(5213);
    expect(parseLineHeader('cpus=4')).toBeUndefined();
    expect(parseLineHeader('# ========')).toBeUndefined();
  });
});

describe('trace-cmd report, Intel EPT, TDP MMU', () => {
  const { events, summary } = importFile('trace-cmd-ept.txt', {
    setup: { format: 'ept', mmu: 'tdp', vm: {} },
    vcpus: 2,
    gfns: 16,
    hvaBase: '0x7f5a2c000000',
    ageAs: 'clear_flush_young',
  });

  it('maps faults (EPT exit qualification), dirty-log ioctls, notifiers and fast zaps to events', () => {
    expect(events).toEqual([
      { type: 'access', vcpu: 0, gfn: 3, access: 'write' }, // qualification 0x182: write
      { type: 'access', vcpu: 1, gfn: 4, access: 'read' }, // 0x181: read
      { type: 'access', vcpu: 1, gfn: 7, access: 'exec' }, // 0x184: fetch
      { type: 'get_dirty_log' }, // cmd 0x4010ae42
      { type: 'access', vcpu: 1, gfn: 5, access: 'write' }, // 0x18a: write to a readable page
      { type: 'clear_flush_young', gfn: 0, count: 2 }, // [hvaBase, +0x2000)
      { type: 'test_young', gfn: 4, count: 1 },
      { type: 'invalidate_range', gfn: 6, count: 2 },
      { type: 'zap_all_fast' },
    ]);
  });

  it('folds the fast_page_fault of the same fault, and says why every other line was skipped', () => {
    expect(summary.lines).toBe(23);
    expect(summary.otherLines).toBe(1);
    expect(summary.folded).toEqual({ 'fast_page_fault (into its kvm_page_fault)': 1 });
    expect(summary.skipped).toEqual({
      "kvm_entry: vCPU context: read only to learn the thread's vCPU": {
        count: 3,
        lines: [3, 8, 9],
      },
      "kvm_exit: vCPU context: read only to learn the thread's vCPU": { count: 2, lines: [4, 13] },
      "kvm_mmu_spte_requested: KVM's own response to a fault or ioctl: the model computes it": {
        count: 1,
        lines: [6],
      },
      "kvm_tdp_mmu_spte_changed: KVM's own response to a fault or ioctl: the model computes it": {
        count: 1,
        lines: [7],
      },
      'kvm_page_fault: outside the modelled gfn window': { count: 1, lines: [16] },
      'kvm_msr: no mapping for this tracepoint': { count: 1, lines: [17] },
      'kvm_unmap_hva_range: outside the modelled gfn window': { count: 1, lines: [21] },
      'sys_enter_ioctl: not a dirty-log ioctl': { count: 1, lines: [2] },
      'sys_enter_ioctl: KVM_CLEAR_DIRTY_LOG: the cleared range is in user memory, not in the trace':
        {
          count: 1,
          lines: [22],
        },
    });
    const imported = Object.values(summary.imported).reduce((a, b) => a + b, 0);
    const skipped = Object.values(summary.skipped).reduce((a, b) => a + b.count, 0);
    expect(imported + skipped + 1 + summary.otherLines).toBe(summary.lines); // every line accounted
  });

  it('never guesses: without --age-as and --hva-base the notifier lines are skipped and counted', () => {
    const bare = importFile('trace-cmd-ept.txt', {
      setup: { format: 'ept', mmu: 'tdp', vm: {} },
      vcpus: 2,
      gfns: 16,
    });
    expect(
      bare.events.filter((e) => e.type.includes('young') || e.type === 'invalidate_range'),
    ).toEqual([]);
    expect(bare.summary.skipped).toMatchObject({
      'kvm_age_hva: printed by both clear_young and clear_flush_young: say which with --age-as': {
        count: 1,
      },
      'kvm_test_age_hva: names host virtual addresses: place them with --hva-base': { count: 1 },
      'kvm_unmap_hva_range: names host virtual addresses: place them with --hva-base': { count: 2 },
    });
  });
});

describe('perf script, AMD NPT, dirty ring', () => {
  const { events, summary } = importFile('perf-npt.txt', {
    setup: { format: 'legacy', mmu: 'tdp', vm: { dirtyRing: { size: 16, softLimit: 12 } } },
    vcpus: 2,
    gfns: 16,
    hvaBase: '7f3e10000000',
  });

  it('reads NPF error codes as page-fault error codes, skips reserved-bit (MMIO) faults', () => {
    expect(events.filter((e) => e.type === 'access')).toEqual([
      { type: 'access', vcpu: 0, gfn: 2, access: 'write' }, // 0x100000006: W|U|GUEST_FINAL
      { type: 'access', vcpu: 1, gfn: 4, access: 'read' }, // 0x100000004: U
      { type: 'access', vcpu: 1, gfn: 6, access: 'exec' }, // 0x100000014: U|F
    ]);
    expect(summary.skipped['kvm_page_fault: reserved-bit (MMIO) fault']).toEqual({
      count: 1,
      lines: [13],
    });
  });

  it('one KVM_RESET_DIRTY_RINGS per call: the ioctl or, without it, a run of rings in vCPU order', () => {
    expect(events.filter((e) => e.type !== 'access')).toEqual([
      { type: 'harvest_dirty_rings' },
      { type: 'invalidate_range', gfn: 6, count: 1 },
      { type: 'harvest_dirty_rings' },
    ]);
    expect(summary.folded).toEqual({ 'kvm_dirty_ring_reset (into one KVM_RESET_DIRTY_RINGS)': 3 });
    expect(summary.otherLines).toBe(5);
    expect(summary.skipped).toMatchObject({
      "kvm_dirty_ring_push: KVM's own response to a fault or ioctl: the model computes it": {
        count: 1,
      },
      "kvm_dirty_ring_exit: KVM's own response to a fault or ioctl: the model computes it": {
        count: 1,
      },
      'kvm_age_hva: printed by both clear_young and clear_flush_young: say which with --age-as': {
        count: 1,
      },
    });
  });
});

describe('trace-cmd report with the kvm plugin, shadow paging', () => {
  const { events, summary } = importFile('shadow-paging.txt', {
    setup: { format: 'legacy', mmu: 'shadow', vm: { indirect: true } },
    vcpus: 2,
    gfns: 64,
  });

  it('a new indirect shadow page is the guest starting to use a gfn as a page table', () => {
    expect(events).toEqual([
      { type: 'shadow_page_table', vcpu: 0, gfn: 0x1a, level: 4 },
      { type: 'shadow_page_table', vcpu: 0, gfn: 0x1b, level: 3 },
      { type: 'shadow_page_table', vcpu: 0, gfn: 0x1d, level: 1 },
    ]);
  });

  it('skips guest-virtual faults, existing and direct pages, syncs, gfn-less zaps, vCPU-less lines', () => {
    expect(summary.skipped).toMatchObject({
      'kvm_page_fault: under shadow paging the address is a guest-virtual address (no gfn)': {
        count: 1,
      },
      'kvm_mmu_get_page: an existing shadow page was found: nothing changes': { count: 1 },
      "kvm_mmu_get_page: a direct page: KVM's own response to a fault or ioctl: the model computes it":
        { count: 1 },
      "kvm_mmu_sync_page: a sync's cause (guest TLB flush or page lookup) is not in the trace": {
        count: 1,
      },
      "kvm_mmu_prepare_zap_page: libtraceevent's kvm plugin prints no gfn for this event": {
        count: 1,
      },
      'kvm_mmu_get_page: no vCPU: the line names none and no earlier line of its thread did': {
        count: 1,
        lines: [13],
      },
    });
  });
});

describe('single lines', () => {
  it('accepts the older kvm_page_fault formats, taking the vCPU from an earlier line of the thread', () => {
    const importer = new KvmTraceImporter({
      setup: { format: 'ept', mmu: 'tdp', vm: {} },
      vcpus: 4,
      gfns: 16,
    });
    importer.line('   CPU 3/KVM-77  [001]  5.000001: kvm_entry:            vcpu 3', 1);
    expect(
      importer.line(
        '   CPU 3/KVM-77  [001]  5.000002: kvm_page_fault:       address 9000 error_code 182',
        2,
      ),
    ).toEqual({
      type: 'access',
      vcpu: 3,
      gfn: 9,
      access: 'write',
    });
    expect(
      importer.line(
        '   CPU 3/KVM-77  [001]  5.000003: kvm_page_fault: vcpu 3 rip 0xffff address 0xa000 error_code 181',
        3,
      ),
    ).toMatchObject({ gfn: 10, access: 'read' });
  });

  it('imports a fast_page_fault on its own (no kvm_page_fault recorded) from its PFERR flags', () => {
    expect(
      one(
        ' CPU 0/KVM-9 [000] 1.0: fast_page_fault: vcpu 0 gva 2000 error_code P|W sptep 0000000012345678 old 0x600000004c02b35 new 600000004c02b37 spurious 0 fixed 1',
      ).event,
    ).toEqual({ type: 'access', vcpu: 0, gfn: 2, access: 'write' });
  });

  it('reads the kernel rendering of the page events: a direct page zap is a gfn-range zap', () => {
    const zap = one(
      ' CPU 0/KVM-9 [000] 1.0: kvmmmu:kvm_mmu_prepare_zap_page: sp gen 0 gfn 0 l1 8-byte q0 direct wux nxe ad root 0 sync',
      { gfns: 600 },
    );
    expect(zap.event).toEqual({ type: 'zap_gfn_range', gfn: 0, count: 512 });
    const shadow = new KvmTraceImporter({
      setup: { format: 'legacy', mmu: 'shadow', vm: { indirect: true } },
      vcpus: 1,
      gfns: 64,
    });
    shadow.line(' CPU 0/KVM-9 [000] 1.0: kvm_entry: vcpu 0', 1);
    expect(
      shadow.line(
        ' CPU 0/KVM-9 [000] 1.1: kvm_mmu_get_page: sp gen 0 gfn 1e l2 8-byte q0 wux !nxe ad root 0 sync new',
        2,
      ),
    ).toEqual({ type: 'shadow_page_table', vcpu: 0, gfn: 0x1e, level: 2 });
  });

  it('a shadowed page table in a VM modelled without shadow paging is skipped, not forced in', () => {
    const r = one(
      ' CPU 0/KVM-9 [000] 1.0: kvm_mmu_get_page: new sp gfn 3 1 q0 wux !pae nxe wp root 0 sync',
    );
    expect(r.event).toBeUndefined();
    expect(r.skipped).toEqual([
      'kvm_mmu_get_page: a shadowed guest page table, but the modelled VM does not use shadow paging',
    ]);
  });

  it('honours --gfn-offset and --fault-code, and clips ranges to the window', () => {
    expect(
      one(
        ' CPU 0/KVM-9 [000] 1.0: kvm_page_fault: vcpu 0 rip 0x1 address 0x100003000 error_code 0x6',
        {
          gfnOffset: 0x100000,
          faultCode: 'pferr',
        },
      ).event,
    ).toEqual({ type: 'access', vcpu: 0, gfn: 3, access: 'write' });
    const importer = new KvmTraceImporter({
      setup: { format: 'ept', mmu: 'tdp', vm: {} },
      vcpus: 1,
      gfns: 16,
      hvaBase: '0x10000',
    });
    expect(
      importer.line(
        ' kswapd0-1 [000] 1.0: kvm_unmap_hva_range: mmu notifier unmap range: 0x00000000008000 -- 0x00000000030000',
        1,
      ),
    ).toEqual({ type: 'invalidate_range', gfn: 0, count: 16 });
    expect(importer.summary.clippedRanges).toBe(1);
  });

  it('reports text it does not know instead of reading it loosely', () => {
    expect(one(' CPU 0/KVM-9 [000] 1.0: kvm_page_fault: gpa 0x3000 err 2').skipped).toEqual([
      'kvm_page_fault: text in no format the importer knows',
    ]);
  });
});

describe('importing a file', () => {
  it('sizes the VM from the trace, writes a valid trace, and can bracket it as a migration', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spte-lab-import-'));
    const out = join(dir, 'npt.jsonl');
    const result = importKvmTraceFile(fixture('perf-npt.txt'), out, {
      setup: { format: 'legacy', mmu: 'tdp', vm: {} },
      hvaBase: '0x7f3e10000000',
      migration: true,
      seed: 5,
    });
    expect(result.header).toMatchObject({
      scenario: 'imported',
      seed: 5,
      generator: { name: 'spte-lab trace import', from: 'perf-npt.txt' },
      params: { vcpus: 2, gfns: 7, events: 8 },
      setup: { format: 'legacy', mmu: 'tdp', rates: { vcpu: 1, vmm: 1, hostMm: 1, tracker: 1 } },
    });
    const events = [...openTraceFile(out).events];
    expect(events).toHaveLength(8);
    expect(events[0]).toEqual({ type: 'enable_dirty_logging' });
    expect(events.at(-1)).toEqual({ type: 'final_harvest' });
    expect(summaryLines(result.summary)[0]).toBe(
      'read 21 lines: 16 tracepoint lines, 5 other lines',
    );
    expect(readFileSync(out, 'utf8').endsWith('{"kind":"end","events":8}\n')).toBe(true);
  });
});
