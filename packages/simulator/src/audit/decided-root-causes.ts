/**
 * Root causes found by `spte-lab audit` for the kernel policies and decided against the kernel
 * sources (issue 19 item 7): the finding document each one is, keyed by the signature's
 * transition and the call sites that skipped the flush. A kernel-policy root cause missing here
 * is undecided, and the audit says so.
 */
export interface DecidedRootCause {
  /** The signature's transition, exactly. */
  readonly transition: string;
  /** A function on the path that trusted MW=0 and skipped its flush. */
  readonly skippedBy: string;
  /** The finding, relative to the repository root. */
  readonly finding: string;
}

export const DECIDED_ROOT_CAUSES: readonly DecidedRootCause[] = [
  // spec §10.1, §12.14: the init-set CLEAR_DIRTY_LOG's huge write-protect clears MW and flushes
  // only after dropping mmu_lock; a write-protect for write-tracking in that window finds MW=0.
  {
    transition: 'init_set_huge_write_protect: L2 W=1 MW=1 → W=0 MW=0',
    skippedBy: 'account_shadowed',
    finding: 'docs/findings/initially-set-write-track.md',
  },
  {
    transition: 'init_set_huge_write_protect: L2 W=1 MW=1 → W=0 MW=0',
    skippedBy: 'kvm_write_track_add_gfn',
    finding: 'docs/findings/initially-set-write-track.md',
  },
];

/** The finding a signature was decided as, if any. */
export function findingFor(signature: {
  readonly transition: string;
  readonly path: readonly string[];
}): string | undefined {
  return DECIDED_ROOT_CAUSES.find(
    (d) => d.transition === signature.transition && signature.path.includes(d.skippedBy),
  )?.finding;
}
