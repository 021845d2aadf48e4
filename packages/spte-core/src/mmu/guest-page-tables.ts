import { ACC_ALL, ACC_WRITE_MASK } from '../encoding/constants.js';
import type { StateBuffer } from './state-buffer.js';

/** No guest page table is known to hold the PTE that maps a gfn. */
export const NO_TABLE = 0xffffffff;
/** The guest PTE's Dirty bit, kept beside the ACC_* bits of its permissions. */
export const GPTE_DIRTY = 8;
/** The guest PTE's Present bit. */
export const GPTE_PRESENT = 16;
/** A guest PTE as a fresh guest maps memory: present, every permission, dirty. */
export const GPTE_DEFAULT = GPTE_PRESENT | ACC_ALL | GPTE_DIRTY;
/** `detect_write_flooding()`: this many emulated writes zap an upper-level shadow page. */
export const WRITE_FLOODING_LIMIT = 3;

/**
 * The guest's own page tables as shadow paging sees them (spec §3.10; `paging_tmpl.h`). The SPTE
 * store holds one leaf per gfn, so a gfn's leaf stands for the entry of the shadow page of
 * `tableOf[gfn]`, the 4K-level guest page table whose PTE maps the gfn. Per gfn:
 * - `gpte`: that guest PTE's Present bit, permissions (ACC_*) and Dirty bit, as the guest last
 *   wrote it;
 * - `spAccess`: the permissions KVM last built the SPTE from (`kvm_mmu_page_get_access`), so
 *   `FNAME(sync_spte)` can tell whether the guest changed them;
 * - `flooding`: `sp->write_flooding_count` of the shadow page of an upper-level table the gfn
 *   holds.
 * Gfns whose PTE's table is unknown (`NO_TABLE`) are mapped with every permission and are never
 * synced: workloads without guest PTE writes behave as before.
 */
export class GuestPageTables {
  readonly tableOf: Uint32Array;
  readonly gpte: Uint8Array;
  readonly spAccess: Uint8Array;
  readonly flooding: Uint8Array;
  /** The level of the guest page table a shadowed gfn holds (1 = 4K level, may go unsync). */
  readonly tableLevel: Uint8Array;
  /** `kvm->arch.indirect_shadow_pages`: shadowed guest page tables. */
  indirectShadowPages = 0;

  constructor(readonly gfns: number) {
    this.tableOf = new Uint32Array(gfns).fill(NO_TABLE);
    this.gpte = new Uint8Array(gfns).fill(GPTE_DEFAULT);
    this.spAccess = new Uint8Array(gfns).fill(ACC_ALL);
    this.flooding = new Uint8Array(gfns);
    this.tableLevel = new Uint8Array(gfns);
  }

  /**
   * The `pte_access` KVM derives from the guest PTE (`FNAME(gpte_access)`), with
   * `FNAME(protect_clean_gpte)`: a clean PTE is mapped read-only when the guest paging mode has
   * A/D bits, so the first write faults and KVM sets the guest's Dirty bit.
   */
  pteAccess(gfn: number, guestAd: boolean): number {
    const gpte = this.gpte[gfn]!;
    const access = gpte & ACC_ALL;
    return guestAd && (gpte & GPTE_DIRTY) === 0 ? access & ~ACC_WRITE_MASK : access;
  }

  saveState(out: StateBuffer): void {
    out.write(this.indirectShadowPages);
    out.writeUint32s(this.tableOf);
    out.writeUint8s(this.gpte);
    out.writeUint8s(this.spAccess);
    out.writeUint8s(this.flooding);
    out.writeUint8s(this.tableLevel);
  }

  loadState(src: StateBuffer): void {
    this.indirectShadowPages = src.read();
    src.readUint32s(this.tableOf);
    src.readUint8s(this.gpte);
    src.readUint8s(this.spAccess);
    src.readUint8s(this.flooding);
    src.readUint8s(this.tableLevel);
  }
}
