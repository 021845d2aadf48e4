import type { TlbShootdown } from '../../../src/ports/tlb-shootdown.js';

/** A hardware side that does nothing: for tests of the KVM model alone. */
export const quietShootdown: TlbShootdown = {
  flushRemoteAll: () => ({ ipis: 0, requested: 0 }),
  flushRemoteRange: () => ({ ipis: 0, requested: 0 }),
  flushVcpus: () => ({ ipis: 0, requested: 0 }),
  requestFlushAtNextEntry: () => {},
  kickAll: () => 0,
  reloadRoots: () => ({ ipis: 0, requested: 0 }),
};
