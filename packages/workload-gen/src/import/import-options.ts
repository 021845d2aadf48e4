import type { ScenarioSetup } from '../scenarios/scenario-preset.js';
import type { FaultCodeKind } from './fault-code.js';

/**
 * What the importer needs to know that a tracepoint trace does not say. Everything it cannot
 * read from the text is an option here, never a guess.
 */
export interface KvmImportOptions {
  /** The VM being modelled: SPTE format, MMU flavour, memslot flags (and scheduler rates). */
  readonly setup: ScenarioSetup;
  /** vCPUs 0..vcpus-1 are modelled; a line for another vCPU is skipped (and counted). */
  readonly vcpus: number;
  /** Model gfn g is guest-physical page `gfnOffset + g`; pages outside are skipped. */
  readonly gfns: number;
  readonly gfnOffset?: number;
  /**
   * The host virtual address that backs model gfn 0 (the memslot's userspace_addr plus the
   * offset of `gfnOffset`), page-aligned, as hex. MMU-notifier events name host virtual
   * addresses; without this they cannot be placed and are skipped.
   */
  readonly hvaBase?: string;
  /** kvm_age_hva is printed by clear_young and clear_flush_young alike: say which it was. */
  readonly ageAs?: 'clear_young' | 'clear_flush_young';
  /** How kvm_page_fault's error_code reads (default: `ept` for EPT formats, else `pferr`). */
  readonly faultCode?: FaultCodeKind;
  /**
   * Dirty logging was on for the whole trace: begin with enable_dirty_logging and end with the
   * final pause-and-harvest, so the migration oracle checks every write.
   */
  readonly migration?: boolean;
}

export function faultCodeOf(options: KvmImportOptions): FaultCodeKind {
  return options.faultCode ?? (options.setup.format === 'legacy' ? 'pferr' : 'ept');
}
