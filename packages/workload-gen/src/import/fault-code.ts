import type { AccessType } from '../events/workload-event.js';

/**
 * How `kvm_page_fault`'s error_code is to be read. The tracepoint prints what the exit handler
 * passed it, which differs by vendor:
 * - `ept`: Intel's handle_ept_violation passes the EPT-violation exit qualification (SDM
 *   28.2.3.2): bit 0 data read, bit 1 data write, bit 2 instruction fetch.
 * - `pferr`: AMD's NPF handler (and the #PF intercept of shadow paging) passes a page-fault
 *   error code: bit 1 W (write), bit 3 RSVD (reserved bit: an MMIO SPTE), bit 4 F (fetch).
 * `fast_page_fault` prints PFERR flag names (`P|W|U|RSVD|F`) on both vendors.
 */
export type FaultCodeKind = 'ept' | 'pferr';

/** The access a fault was for, or why it is not a guest access the model can replay. */
export function accessOfFaultCode(kind: FaultCodeKind, code: number): AccessType | string {
  if (kind === 'ept') {
    if (code & 0b010) return 'write';
    if (code & 0b100) return 'exec';
    if (code & 0b001) return 'read';
    return 'EPT exit qualification with no read, write or fetch bit';
  }
  if (code & 0b1000) return 'reserved-bit (MMIO) fault';
  if (code & 0b10) return 'write';
  if (code & 0b10000) return 'exec';
  return 'read';
}

/** The access of `fast_page_fault`'s flag list (`P|W`, `F`, ...). */
export function accessOfPferrFlags(flags: string): AccessType | string {
  const set = new Set(flags.split('|'));
  if (set.has('RSVD')) return 'reserved-bit (MMIO) fault';
  if (set.has('W')) return 'write';
  if (set.has('F')) return 'exec';
  return 'read';
}
