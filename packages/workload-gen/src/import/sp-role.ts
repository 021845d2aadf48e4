/**
 * A shadow page as the kvmmmu page events print it (`kvm_mmu_get_page`,
 * `kvm_mmu_prepare_zap_page`, `kvm_mmu_sync_page`, ...), in either rendering:
 *
 *   kernel (mmutrace.h KVM_MMU_PAGE_PRINTK, e.g. /sys/kernel/tracing/trace, perf without plugins):
 *     `sp gen <gen> gfn <gfn> l<level> <4|8>-byte q<quadrant>[ direct] <access>[ invalid]
 *      [!]nxe [!]ad root <count> <sync|unsync>` and, for kvm_mmu_get_page, ` <new|existing>`
 *   libtraceevent's kvm plugin (trace-cmd report, perf script with plugins):
 *     kvm_mmu_get_page: `<new|existing> sp gfn <gfn> <level> q<quadrant>[ direct] <access>
 *      [ invalid] [!]pae [!]nxe [!]wp[ smep][ smap][ smm] root <count> <sync|unsync>`
 *     the other page events: the same without `<new|existing> sp gfn <gfn> ` (no gfn)
 *
 * Fields: gfn = sp->gfn (the guest page table's gfn for an indirect page, the first gfn it
 * maps for a direct one); level = role.level (1 = a table of 4K entries); direct = role.direct
 * (TDP or a guest huge page, not a shadowed guest table); invalid = role.invalid (obsolete);
 * created = the `created` field of kvm_mmu_get_page.
 */
export interface ShadowPage {
  readonly gfnHex?: string;
  readonly level: number;
  readonly direct: boolean;
  readonly invalid: boolean;
  readonly created?: boolean;
}

const FLAGS = '( direct)? ([-wux]{3})( invalid)?';
const KERNEL = new RegExp(
  `^sp (?:gen [0-9a-f]+ )?gfn ([0-9a-f]+) l(\\d)(?: \\d-byte)? q\\d+${FLAGS} !?nxe(?: !?ad)? root \\d+ (?:un)?sync\\0?(?: (new|existing))?$`,
);
const PLUGIN = new RegExp(
  `^(?:(new|existing) sp gfn ([0-9a-f]+) )?(\\d) q\\d+${FLAGS} !?pae !?nxe !?wp(?: smep)?(?: smap)?(?: smm)? root \\d+ (?:un)?sync\\0?$`,
);

export function parseShadowPage(text: string): ShadowPage | undefined {
  const k = KERNEL.exec(text);
  if (k) {
    return {
      gfnHex: k[1]!,
      level: Number(k[2]),
      direct: k[3] !== undefined,
      invalid: k[5] !== undefined,
      ...(k[6] ? { created: k[6] === 'new' } : {}),
    };
  }
  const p = PLUGIN.exec(text);
  if (p) {
    return {
      ...(p[2] ? { gfnHex: p[2] } : {}),
      level: Number(p[3]),
      direct: p[4] !== undefined,
      invalid: p[6] !== undefined,
      ...(p[1] ? { created: p[1] === 'new' } : {}),
    };
  }
  return undefined;
}
