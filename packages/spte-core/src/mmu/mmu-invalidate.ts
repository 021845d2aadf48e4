/**
 * KVM's MMU-notifier invalidation state (spec §3.8, §12.11, §12.12): `mmu_invalidate_in_progress`,
 * `mmu_invalidate_seq` and the one gfn range `mmu_invalidate_range_start/_end` that covers every
 * invalidation in progress. Every change happens with `mmu_lock` held for write
 * (`kvm_mmu_invalidate_begin`/`_range_add`/`_end` assert it); a fault samples the sequence before
 * it resolves the pfn (`kvm_faultin_pfn`) and checks it under `mmu_lock`
 * (`mmu_invalidate_retry_gfn`), so an invalidation that began or even ended in between makes the
 * fault retry instead of mapping a pfn the host may already have reused.
 */
import type { StateBuffer } from './state-buffer.js';

/** `INVALID_GPA` for the range bounds: no range added since the first begin. */
const NO_GFN = -1;

export class MmuInvalidate {
  /** `kvm->mmu_invalidate_in_progress`: invalidations begun and not yet ended, VM-wide. */
  inProgress = 0;
  /** `kvm->mmu_invalidate_seq`: bumped by every `kvm_mmu_invalidate_end`. */
  seq = 0;
  /** `[rangeStart, rangeEnd)`: the union of the ranges of the invalidations in progress. */
  rangeStart = NO_GFN;
  rangeEnd = NO_GFN;

  /** `kvm_mmu_invalidate_begin`: the first invalidation in progress starts an empty range. */
  begin(): void {
    if (++this.inProgress === 1) this.rangeStart = this.rangeEnd = NO_GFN;
  }

  /**
   * `kvm_mmu_invalidate_range_add`: concurrent ranges merge into their smallest cover, which
   * stays until every invalidation in progress has ended (false positives by design).
   */
  rangeAdd(start: number, end: number): void {
    if (this.rangeStart === NO_GFN) {
      this.rangeStart = start;
      this.rangeEnd = end;
    } else {
      this.rangeStart = Math.min(this.rangeStart, start);
      this.rangeEnd = Math.max(this.rangeEnd, end);
    }
  }

  /**
   * `kvm_mmu_invalidate_end`: the sequence moves (a fault that sampled it before retries), then
   * the count drops. The kernel leaves a stale range behind for the next begin to reset; the
   * model resets it here so that equal futures are equal states for the explorer.
   */
  end(): void {
    this.seq++;
    if (--this.inProgress === 0) this.rangeStart = this.rangeEnd = NO_GFN;
  }

  /** An invalidation in progress covers the gfn (the first test of `mmu_invalidate_retry_gfn`). */
  covers(gfn: number): boolean {
    return (
      this.inProgress > 0 &&
      (this.rangeStart === NO_GFN || (gfn >= this.rangeStart && gfn < this.rangeEnd))
    );
  }

  /**
   * `mmu_invalidate_retry_gfn(kvm, mmu_seq, gfn)`, under `mmu_lock`: the fault that sampled
   * `mmuSeq` must retry, because an invalidation in progress covers the gfn or one ended since.
   */
  retryGfn(mmuSeq: number, gfn: number): boolean {
    return this.covers(gfn) || this.seq !== mmuSeq;
  }

  saveState(out: StateBuffer): void {
    out.write(this.inProgress);
    out.write(this.seq);
    out.write(this.rangeStart);
    out.write(this.rangeEnd);
  }

  loadState(src: StateBuffer): void {
    this.inProgress = src.read();
    this.seq = src.read();
    this.rangeStart = src.read();
    this.rangeEnd = src.read();
  }
}
