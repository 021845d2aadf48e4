import type { FlushPolicy } from '@spte-lab/spte-core';
import { batched } from './policies/batched.js';
import { conservative } from './policies/conservative.js';
import { kvmV6_12 } from './policies/kvm-v6.12.js';
import { kvmV6_12Patch01 } from './policies/kvm-v6.12-patch01.js';
import { kvmV6_13 } from './policies/kvm-v6.13.js';
import { kvmV6_13InitsetFlush } from './policies/kvm-v6.13-initset-flush.js';
import { kvmV6_13InitsetFlushAtUnlock } from './policies/kvm-v6.13-initset-flush-at-unlock.js';
import { kvmV6_13InitsetKeepMw } from './policies/kvm-v6.13-initset-keep-mw.js';
import { lateInvalidateFlush } from './policies/late-invalidate-flush.js';
import { lazyEntry } from './policies/lazy-entry.js';
import { never } from './policies/never.js';
import { ranged } from './policies/ranged.js';
import { wBitOnly } from './policies/w-bit-only.js';

/** Every built-in policy by its command-line name. A new policy is one file and one line here. */
export const builtInPolicies = {
  'kvm-v6.12': kvmV6_12,
  // The seed patch alone, to isolate its effect (spec §9 "Post01").
  'kvm-v6.12-patch01': kvmV6_12Patch01,
  'kvm-v6.13': kvmV6_13,
  // Candidate fixes for the initially-set race (docs/findings/initially-set-write-track.md).
  'kvm-v6.13-initset-flush-at-unlock': kvmV6_13InitsetFlushAtUnlock,
  'kvm-v6.13-initset-flush': kvmV6_13InitsetFlush,
  'kvm-v6.13-initset-keep-mw': kvmV6_13InitsetKeepMw,
  conservative,
  never,
  'w-bit-only': wBitOnly,
  batched,
  'lazy-entry': lazyEntry,
  ranged,
  // Deliberately wrong: the unmap oracle's witness (spec §12.12).
  'late-invalidate-flush': lateInvalidateFlush,
} as const satisfies Record<string, FlushPolicy>;

export type BuiltInPolicyName = keyof typeof builtInPolicies;
