import type { SpteWalkPort } from '@spte-lab/spte-core';
import type { CycleCosts } from './cost/cost-model.js';
import type { TlbCounters } from './counters.js';
import { PmlLog } from './pml.js';
import type { PmlDrainHook } from './pml.js';
import type { VcpuTlb } from './tlb/vcpu-tlb.js';
import { BLOCKED, IN_GUEST, OUTSIDE_GUEST, VcpuModes } from './vcpu-modes.js';

/**
 * The hardware state of one VM that the access path and the flush code share — vCPU modes,
 * per-vCPU TLBs, PML buffers, counters, costs — and the two transitions both need:
 * leaving guest mode (a VM exit drains PML, spec §4.1) and entering it (VM entry services a
 * pending KVM_REQ_TLB_FLUSH first, spec §6.4 `vcpu_enter_guest`).
 */
export class TlbCore {
  readonly modes: VcpuModes;
  readonly pml: PmlLog | null;
  onPmlDrain: PmlDrainHook | null = null;
  readonly walkCost: number;

  constructor(
    readonly walker: SpteWalkPort,
    readonly tlbs: readonly VcpuTlb[],
    readonly counters: TlbCounters,
    readonly costs: Readonly<CycleCosts>,
    pml: boolean,
    twoDimensionalWalk: boolean,
  ) {
    this.modes = new VcpuModes(tlbs.length);
    this.pml = pml ? new PmlLog(tlbs.length) : null;
    this.walkCost = twoDimensionalWalk ? costs.twoDimensionalWalk : costs.nativeWalk;
  }

  /** The TLB of `vcpu` (a valid index). */
  tlb(vcpu: number): VcpuTlb {
    return this.tlbs[vcpu]!;
  }

  /** VM exit: leave guest mode for `next` (outside guest or blocked); KVM drains PML. */
  exit(vcpu: number, next: typeof OUTSIDE_GUEST | typeof BLOCKED): void {
    this.modes.mode[vcpu] = next;
    this.counters.vmExits++;
    this.counters.cycles += this.costs.vmExit;
    this.drainPml(vcpu);
  }

  /**
   * VM entry: service a pending KVM_REQ_TLB_FLUSH (`kvm_vcpu_flush_tlb_all`, `++tlb_flush`),
   * then run guest code. `afterIpi` tells the two counters apart: the request was serviced
   * because an IPI forced an exit, or at an entry the scheduler made.
   */
  enter(vcpu: number, afterIpi: boolean): void {
    if (this.modes.flushRequested[vcpu] === 1) {
      this.modes.flushRequested[vcpu] = 0;
      this.counters.invalidatedFlush += this.tlbs[vcpu]!.flushAll();
      this.counters.tlbFlush++;
      this.counters.tlbFlushPerVcpu[vcpu]!++;
      this.counters.cycles += this.costs.invept;
      if (afterIpi) this.counters.servicedByIpi++;
      else this.counters.servicedAtEntry++;
    }
    this.modes.mode[vcpu] = IN_GUEST;
    this.counters.cycles += this.costs.vmEntry;
  }

  drainPml(vcpu: number): void {
    if (this.pml === null) return;
    const n = this.pml.drain(vcpu, this.onPmlDrain);
    if (n > 0) {
      this.counters.pmlDrains++;
      this.counters.cycles += n * this.costs.pmlDrainPerEntry;
    }
  }
}
