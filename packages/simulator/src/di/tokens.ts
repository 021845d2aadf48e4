/** The TLB model factory a run uses (bound by the simulator around tlb-model's TlbModel). */
export const GUEST_TLB_FACTORY = Symbol.for('@spte-lab/simulator:GuestTlbFactory');
/** The Simulator facade itself. */
export const SIMULATOR = Symbol.for('@spte-lab/simulator:Simulator');
