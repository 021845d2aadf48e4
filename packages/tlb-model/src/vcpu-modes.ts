/**
 * vCPU modes as KVM tracks them for remote requests (spec §6.4, `vcpu->mode`), plus "blocked"
 * (halted in `kvm_vcpu_block`, mode OUTSIDE_GUEST_MODE, not woken by a TLB-flush request).
 * The scheduler changes them through TlbModel; the flush code reads them.
 */
export const OUTSIDE_GUEST = 0;
export const IN_GUEST = 1;
/** KVM's READING_SHADOW_PAGE_TABLES: a lockless walker; gets the IPI but has no guest TLB use. */
export const READING_SHADOW_PAGE_TABLES = 2;
export const BLOCKED = 3;
export type VcpuMode =
  typeof OUTSIDE_GUEST | typeof IN_GUEST | typeof READING_SHADOW_PAGE_TABLES | typeof BLOCKED;

export const MODE_NAMES = ['outside-guest', 'in-guest', 'reading-shadow-page-tables', 'blocked'];

export class VcpuModes {
  /** Current mode per vCPU. */
  readonly mode: Uint8Array;
  /** KVM_REQ_TLB_FLUSH pending per vCPU (a request bit: several requests coalesce). */
  readonly flushRequested: Uint8Array;

  constructor(readonly count: number) {
    this.mode = new Uint8Array(count);
    this.flushRequested = new Uint8Array(count);
  }

  /** Throws unless `vcpu` is a valid index. */
  check(vcpu: number): void {
    if (!Number.isInteger(vcpu) || vcpu < 0 || vcpu >= this.count) {
      throw new RangeError(`vCPU ${vcpu} does not exist (this VM has vCPUs 0..${this.count - 1})`);
    }
  }

  /** Throws a simulator-bug error unless `vcpu` is in one of `allowed`. */
  expect(vcpu: number, allowed: readonly VcpuMode[], action: string): void {
    this.check(vcpu);
    const mode = this.mode[vcpu] as VcpuMode;
    if (!allowed.includes(mode)) {
      const want = allowed.map((m) => MODE_NAMES[m]).join(' or ');
      throw new Error(
        `cannot ${action} vCPU ${vcpu}: it is ${MODE_NAMES[mode]}, expected ${want} (simulator bug)`,
      );
    }
  }
}
