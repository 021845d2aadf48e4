import type { FlushPolicy } from '@spte-lab/spte-core';
import { conservative } from './policies/conservative.js';
import { kvmV6_12 } from './policies/kvm-v6.12.js';
import { kvmV6_13 } from './policies/kvm-v6.13.js';
import { kvmV6_13InitsetFlush } from './policies/kvm-v6.13-initset-flush.js';
import { kvmV6_13InitsetKeepMw } from './policies/kvm-v6.13-initset-keep-mw.js';
import { never } from './policies/never.js';
import { wBitOnly } from './policies/w-bit-only.js';

/** Every built-in policy by its command-line name. A new policy is one file and one line here. */
export const builtInPolicies = {
  'kvm-v6.12': kvmV6_12,
  'kvm-v6.13': kvmV6_13,
  'kvm-v6.13-initset-flush': kvmV6_13InitsetFlush,
  'kvm-v6.13-initset-keep-mw': kvmV6_13InitsetKeepMw,
  conservative,
  never,
  'w-bit-only': wBitOnly,
} as const satisfies Record<string, FlushPolicy>;

export type BuiltInPolicyName = keyof typeof builtInPolicies;
