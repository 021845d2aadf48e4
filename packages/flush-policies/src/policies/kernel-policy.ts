import {
  FLUSH_ALL_BEFORE_UNLOCK,
  FLUSH_ALL_NOW,
  type FlushPoint,
  type KernelVersion,
  type LeafChange,
} from '@spte-lab/spte-core';
import { definePolicy } from '../define-policy.js';
import type { DefinedPolicy } from '../define/policy-definition.js';

/**
 * KVM's own flush decisions, call site by call site (spec §3.11), for one kernel version.
 * `kvm-v6.12` and `kvm-v6.13` are this function with a version; the two differ where the
 * series changed a call site (spec §1.7, §3.1, §3.4, §3.7).
 *
 * On bare metal every remote flush is VM-wide (spec §6.4: range and gfn flushes fall back to
 * `kvm_flush_remote_tlbs`), so every request here has scope 'all'.
 */
export function kernelPolicy(
  kernel: KernelVersion,
  name: string,
  description: string,
  /**
   * The leaf rule `mmu_spte_update()` applies (spec §3.1); the kernel's own by default. Call
   * sites that act on the rule use it; those that ignore it (dirty logging, aging) do not.
   */
  leafRule: (change: LeafChange) => boolean = (change) => change.kernelRuleSaysFlush(kernel),
): DefinedPolicy {
  return definePolicy({
    name,
    description,
    kernel,
    onLeafChange(change: LeafChange) {
      switch (change.site) {
        // spec §3.4: mmu_set_spte flushes the gfn at once, under mmu_lock, when
        // mmu_spte_update() says so (v6.13 never reaches here for a prefetch).
        case 'mmu_set_spte':
          if (change.oldPresent && (!change.oldLeaf || change.pfnChanged)) return FLUSH_ALL_NOW;
          return change.oldLeaf && leafRule(change) ? FLUSH_ALL_NOW : null;
        // spec §3.4: the TDP fault path flushes when a non-leaf is replaced by a leaf; v6.13
        // (patch 08) also WARNs and flushes when a leaf→leaf change needs it.
        case 'tdp_mmu_map_handle_target_level':
          if (change.oldPresent && !change.oldLeaf) return FLUSH_ALL_NOW;
          return kernel === 'v6.13' && change.oldLeaf && leafRule(change) ? FLUSH_ALL_NOW : null;
        // spec §5, §3.10: write-tracking, shadowing and sync flush before dropping mmu_lock
        // when `kvm_mmu_slot_gfn_write_protect()` / `mmu_spte_update()` said so; for a
        // pt_protect write-protect the kernel rule is MW(old) in both versions (spec §3.5).
        case 'kvm_write_track_add_gfn':
        case 'account_shadowed':
        case 'mmu_sync_children':
          return leafRule(change) ? FLUSH_ALL_BEFORE_UNLOCK : null;
        // spec §3.10, §12.9: FNAME(sync_spte) returns mmu_spte_update()'s flag, or 1 when it
        // drops the SPTE of a guest PTE that is no longer present; the caller flushes before
        // dropping mmu_lock.
        case 'sync_spte':
          return !change.newPresent || leafRule(change) ? FLUSH_ALL_BEFORE_UNLOCK : null;
        // spec §3.8: zaps flush before mmu_lock is dropped.
        case 'zap':
          return FLUSH_ALL_BEFORE_UNLOCK;
        // spec §3.9: v6.12's TDP recovery zaps each collapsible table with its own flush.
        case 'zap_collapsible_spte':
          return FLUSH_ALL_NOW;
        // spec §3.5, §3.6, §3.7, §3.9: dirty-log write-protect, clear-dirty, the init-set huge
        // write-protect, aging, fast page fault and eager split leave flushing to the caller's
        // flush point (or to nobody).
        default:
          return null;
      }
    },
    onFlushPoint(point: FlushPoint) {
      const { operation, kind, summary } = point;
      if (kind === 'ioctl-return') {
        // spec §4.2: enabling dirty logging flushes unconditionally before the ioctl returns,
        // except with manual protect and initially-set, where it returns at once.
        if (operation === 'enable_dirty_logging')
          return summary.kernelFlushFlag ? FLUSH_ALL_NOW : null;
        // spec §4.3–4.5: the log-reaping ioctls flush iff something was reaped.
        if (
          (operation === 'get_dirty_log' ||
            operation === 'clear_dirty_log' ||
            operation === 'reset_dirty_rings') &&
          summary.reaped > 0
        ) {
          return FLUSH_ALL_NOW;
        }
        return null;
      }
      if (kind === 'lock-release') {
        // spec §3.7: up to v6.12 clear_flush_young flushes under mmu_lock if any SPTE was
        // young; v6.13 selects KVM_ELIDE_TLB_FLUSH_IF_YOUNG on x86 and never flushes.
        if (operation === 'clear_flush_young') {
          return kernel === 'v6.12' && summary.young > 0 ? FLUSH_ALL_NOW : null;
        }
        // spec §12.8: v6.13's in-place TDP recovery and the rmaps' zap flush the memslot once,
        // under the lock, if anything changed (v6.12's TDP path flushed each zap already).
        if (operation === 'disable_dirty_logging') {
          return summary.kernelFlushFlag ? FLUSH_ALL_NOW : null;
        }
        // spec §3.8, §12.4, §12.10: kvm_mmu_remote_flush_or_zap / kvm_mmu_commit_zap_page
        // flush when shadow pages were zapped or a present entry was (the operation's flag).
        if (
          (operation === 'kvm_mmu_track_write' ||
            operation === 'kvm_mmu_unprotect_gfn_and_retry' ||
            operation === 'zap_all_fast') &&
          summary.kernelFlushFlag
        ) {
          return FLUSH_ALL_BEFORE_UNLOCK;
        }
      }
      return null;
    },
  });
}
