import type { AccessType, WorkloadEvent } from '../events/workload-event.js';
import { accessOfFaultCode, accessOfPferrFlags, type FaultCodeKind } from './fault-code.js';
import { hasPageOffset, low32OfHex, pageOfHex } from './hex.js';
import { faultCodeOf, type KvmImportOptions } from './import-options.js';
import { bump, emptySummary, type ImportSummary, skip } from './import-summary.js';
import { type LineHeader, parseLineHeader } from './line-header.js';
import { parseShadowPage } from './sp-role.js';
import { FORMATS, KVM_IOCTL, KVM_RESPONSES, VCPU_CONTEXT } from './tracepoint-formats.js';

/** What the lines of one host thread have established so far. */
interface Thread {
  /** The vCPU this thread runs, once a line named it. */
  vcpu?: number;
  /**
   * The operation the thread's last imported line began, which later lines of the same
   * operation fold into: a fault (fast_page_fault after kvm_page_fault for the same page), a
   * fast zap (the prepare_zap_page lines it causes), a ring reset (one line per ring).
   */
  burst?:
    | { kind: 'fault'; page: number }
    | { kind: 'zap-all' }
    | { kind: 'ring-reset'; lastRing: number };
}

function isAccess(x: string): x is AccessType {
  return x === 'read' || x === 'write' || x === 'exec';
}

const RESPONSE = "KVM's own response to a fault or ioctl: the model computes it";

/**
 * Turns `trace-cmd report` / `perf script` text of the kvm and kvmmmu events into workload
 * events, one line at a time (constant memory besides one record per host thread). Every
 * line ends up in the summary: imported, folded into the line before, or skipped with the
 * reason. Nothing the text does not say is filled in: what it cannot know comes from the
 * options, and a line that needs a missing option is skipped and counted.
 */
export class KvmTraceImporter {
  readonly summary: ImportSummary = emptySummary();
  private readonly threads = new Map<number, Thread>();
  private readonly faultCode: FaultCodeKind;
  private readonly offset: number;
  private readonly hvaPage: number | undefined;

  constructor(private readonly options: KvmImportOptions) {
    this.faultCode = faultCodeOf(options);
    this.offset = options.gfnOffset ?? 0;
    this.hvaPage = options.hvaBase === undefined ? undefined : pageOfHex(options.hvaBase);
  }

  /** The event one line of text stands for, if any. `number` is its 1-based line number. */
  line(text: string, number: number): WorkloadEvent | undefined {
    this.summary.lines++;
    const h = parseLineHeader(text);
    if (!h) {
      this.summary.otherLines++;
      return undefined;
    }
    this.summary.eventLines++;
    let t = this.threads.get(h.tid);
    if (!t) this.threads.set(h.tid, (t = {}));
    const event = this.map(h, t, number);
    if (event) bump(this.summary.imported, event.type);
    return event;
  }

  private map(h: LineHeader, t: Thread, n: number): WorkloadEvent | undefined {
    const name = h.event;
    if (KVM_RESPONSES.has(name)) {
      if (name === 'kvm_dirty_ring_exit') this.learnVcpu(h, t);
      return this.skip(name, RESPONSE, n);
    }
    if (VCPU_CONTEXT.has(name)) {
      this.learnVcpu(h, t);
      t.burst = undefined;
      return this.skip(name, "vCPU context: read only to learn the thread's vCPU", n);
    }
    switch (name) {
      case 'kvm_page_fault':
        return this.pageFault(h, t, n);
      case 'fast_page_fault':
        return this.fastPageFault(h, t, n);
      case 'kvm_mmu_get_page':
        return this.getPage(h, t, n);
      case 'kvm_mmu_prepare_zap_page':
      case 'kvm_mmu_zap_page':
        return this.zapPage(h, t, n);
      case 'kvm_mmu_sync_page':
        return this.skip(
          name,
          "a sync's cause (guest TLB flush or page lookup) is not in the trace",
          n,
        );
      case 'kvm_mmu_zap_all_fast':
        if (!FORMATS.zapAllFast.test(h.text)) return this.unrecognised(name, n);
        t.burst = { kind: 'zap-all' };
        return { type: 'zap_all_fast' };
      case 'kvm_unmap_hva_range':
      case 'kvm_age_hva':
      case 'kvm_test_age_hva':
        return this.notifier(h, t, n);
      case 'kvm_set_spte_hva':
        return this.skip(name, 'change_pte has no event in the model', n);
      case 'kvm_dirty_ring_reset':
        return this.ringReset(h, t, n);
      case 'sys_enter_ioctl':
        return this.ioctl(h, t, n);
      default:
        return this.skip(name, 'no mapping for this tracepoint', n);
    }
  }

  private pageFault(h: LineHeader, t: Thread, n: number): WorkloadEvent | undefined {
    const m = FORMATS.pageFault.exec(h.text);
    if (!m) return this.unrecognised(h.event, n);
    if (this.options.setup.vm.indirect)
      return this.skip(
        h.event,
        'under shadow paging the address is a guest-virtual address (no gfn)',
        n,
      );
    if (m[1] !== undefined) t.vcpu = Number(m[1]);
    const access = accessOfFaultCode(this.faultCode, low32OfHex(m[4]!));
    if (!isAccess(access)) return this.skip(h.event, access, n);
    return this.access(h, t, n, pageOfHex(m[3]!), access);
  }

  private fastPageFault(h: LineHeader, t: Thread, n: number): WorkloadEvent | undefined {
    const m = FORMATS.fastPageFault.exec(h.text);
    if (!m) return this.unrecognised(h.event, n);
    t.vcpu = Number(m[1]);
    const page = pageOfHex(m[2]!);
    if (t.burst?.kind === 'fault' && t.burst.page === page) {
      bump(this.summary.folded, `${h.event} (into its kvm_page_fault)`);
      return undefined;
    }
    const access = accessOfPferrFlags(m[3]!);
    if (!isAccess(access)) return this.skip(h.event, access, n);
    return this.access(h, t, n, page, access);
  }

  private access(
    h: LineHeader,
    t: Thread,
    n: number,
    page: number,
    access: AccessType,
  ): WorkloadEvent | undefined {
    const vcpu = this.vcpuOf(h, t, n);
    if (vcpu === undefined) return undefined;
    const gfn = this.gfnOf(h.event, page, n);
    if (gfn === undefined) return undefined;
    t.burst = { kind: 'fault', page };
    return { type: 'access', vcpu, gfn, access };
  }

  private getPage(h: LineHeader, t: Thread, n: number): WorkloadEvent | undefined {
    const sp = parseShadowPage(h.text);
    if (!sp || sp.created === undefined || sp.gfnHex === undefined)
      return this.unrecognised(h.event, n);
    if (sp.direct) return this.skip(h.event, `a direct page: ${RESPONSE}`, n);
    if (!sp.created)
      return this.skip(h.event, 'an existing shadow page was found: nothing changes', n);
    if (!this.options.setup.vm.indirect)
      return this.skip(
        h.event,
        'a shadowed guest page table, but the modelled VM does not use shadow paging',
        n,
      );
    const vcpu = this.vcpuOf(h, t, n);
    if (vcpu === undefined) return undefined;
    const gfn = this.gfnOf(h.event, parseInt(sp.gfnHex, 16), n);
    if (gfn === undefined) return undefined;
    t.burst = undefined;
    return { type: 'shadow_page_table', vcpu, gfn, level: sp.level };
  }

  private zapPage(h: LineHeader, t: Thread, n: number): WorkloadEvent | undefined {
    if (t.burst?.kind === 'zap-all') {
      bump(this.summary.folded, `${h.event} (into its kvm_mmu_zap_all_fast)`);
      return undefined;
    }
    const sp = parseShadowPage(h.text);
    if (!sp) return this.unrecognised(h.event, n);
    if (sp.gfnHex === undefined)
      return this.skip(h.event, "libtraceevent's kvm plugin prints no gfn for this event", n);
    if (sp.invalid)
      return this.skip(
        h.event,
        'an obsolete (invalid) page: zapped after whatever made it obsolete',
        n,
      );
    if (!sp.direct)
      return this.skip(
        h.event,
        'an indirect page: the model has no event that stops shadowing a table',
        n,
      );
    const first = parseInt(sp.gfnHex, 16) - this.offset;
    const range = this.clip(h.event, first, 512 ** sp.level, n);
    if (!range) return undefined;
    t.burst = undefined;
    return { type: 'zap_gfn_range', gfn: range.gfn, count: range.count };
  }

  private notifier(h: LineHeader, t: Thread, n: number): WorkloadEvent | undefined {
    const name = h.event;
    const m = (
      name === 'kvm_unmap_hva_range'
        ? FORMATS.unmapHvaRange
        : name === 'kvm_age_hva'
          ? FORMATS.ageHva
          : FORMATS.testAgeHva
    ).exec(h.text);
    if (!m) return this.unrecognised(name, n);
    if (name === 'kvm_age_hva' && !this.options.ageAs)
      return this.skip(
        name,
        'printed by both clear_young and clear_flush_young: say which with --age-as',
        n,
      );
    if (this.hvaPage === undefined)
      return this.skip(name, 'names host virtual addresses: place them with --hva-base', n);
    const start = pageOfHex(m[1]!);
    // [start, end): the last page is the one holding end - 1.
    const end = m[2] === undefined ? start + 1 : pageOfHex(m[2]) + (hasPageOffset(m[2]) ? 1 : 0);
    const range = this.clip(name, start - this.hvaPage, end - start, n);
    if (!range) return undefined;
    t.burst = undefined;
    const type =
      name === 'kvm_unmap_hva_range'
        ? 'invalidate_range'
        : name === 'kvm_test_age_hva'
          ? 'test_young'
          : this.options.ageAs!;
    return { type, gfn: range.gfn, count: range.count };
  }

  /**
   * KVM_RESET_DIRTY_RINGS resets every vCPU's ring in vCPU order, one line per ring: a line
   * for a later ring than the last continues the call, an earlier or equal one starts another.
   */
  private ringReset(h: LineHeader, t: Thread, n: number): WorkloadEvent | undefined {
    const m = FORMATS.dirtyRingReset.exec(h.text);
    if (!m) return this.unrecognised(h.event, n);
    const ring = Number(m[1]);
    if (t.burst?.kind === 'ring-reset' && ring > t.burst.lastRing) {
      t.burst.lastRing = ring;
      bump(this.summary.folded, `${h.event} (into one KVM_RESET_DIRTY_RINGS)`);
      return undefined;
    }
    t.burst = { kind: 'ring-reset', lastRing: ring };
    return { type: 'harvest_dirty_rings' };
  }

  private ioctl(h: LineHeader, t: Thread, n: number): WorkloadEvent | undefined {
    const m = FORMATS.ioctl.exec(h.text);
    if (!m) return this.unrecognised(h.event, n);
    switch (low32OfHex(m[2]!)) {
      case KVM_IOCTL.GET_DIRTY_LOG:
        t.burst = undefined;
        return { type: 'get_dirty_log' };
      case KVM_IOCTL.RESET_DIRTY_RINGS:
        t.burst = { kind: 'ring-reset', lastRing: -1 };
        return { type: 'harvest_dirty_rings' };
      case KVM_IOCTL.CLEAR_DIRTY_LOG:
        return this.skip(
          h.event,
          'KVM_CLEAR_DIRTY_LOG: the cleared range is in user memory, not in the trace',
          n,
        );
      default:
        return this.skip(h.event, 'not a dirty-log ioctl', n);
    }
  }

  private learnVcpu(h: LineHeader, t: Thread): void {
    const m = FORMATS.vcpuPrefix.exec(h.text);
    if (m) t.vcpu = Number(m[1]);
  }

  /** The thread's vCPU if it is known and modelled; otherwise the line is skipped. */
  private vcpuOf(h: LineHeader, t: Thread, n: number): number | undefined {
    if (t.vcpu === undefined) {
      this.skip(h.event, 'no vCPU: the line names none and no earlier line of its thread did', n);
      return undefined;
    }
    if (t.vcpu >= this.options.vcpus) {
      this.skip(h.event, `vCPU outside the modelled ${this.options.vcpus}`, n);
      return undefined;
    }
    return t.vcpu;
  }

  /** The model gfn of a guest-physical page, or undefined (skipped) outside the window. */
  private gfnOf(event: string, page: number, n: number): number | undefined {
    const gfn = page - this.offset;
    if (gfn >= 0 && gfn < this.options.gfns) return gfn;
    this.skip(event, 'outside the modelled gfn window', n);
    return undefined;
  }

  /** [first, first + count) cut to the window; undefined (skipped) when nothing is left. */
  private clip(event: string, first: number, count: number, n: number) {
    const from = Math.max(0, first);
    const to = Math.min(this.options.gfns, first + count);
    if (to <= from) {
      this.skip(event, 'outside the modelled gfn window', n);
      return undefined;
    }
    if (from !== first || to !== first + count) this.summary.clippedRanges++;
    return { gfn: from, count: to - from };
  }

  private unrecognised(event: string, n: number): undefined {
    return this.skip(event, 'text in no format the importer knows', n);
  }

  private skip(event: string, reason: string, n: number): undefined {
    skip(this.summary, event, reason, n);
    return undefined;
  }
}
