import { describePolicyConformance } from '@spte-lab/flush-policies/testing';
import { describe, it } from 'vitest';
import policy from '../src/index.js';

/**
 * The standard safety scenarios and contract checks (@spte-lab/flush-policies/testing): every
 * preset scenario over 20 seeds with adversarial TLB retention, every interleaving of a small
 * configuration, and the policy contract. A lost write fails with the trace that led to it.
 */
describePolicyConformance(policy, { describe, it });
