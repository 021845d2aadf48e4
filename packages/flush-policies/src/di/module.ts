import { FLUSH_POLICY } from '@spte-lab/spte-core';
import { ContainerModule } from 'inversify';
import { builtInPolicies } from '../registry.js';

/** Binds every built-in policy under the multi-bound FLUSH_POLICY token. */
export const flushPoliciesModule = new ContainerModule(({ bind }) => {
  for (const policy of Object.values(builtInPolicies)) {
    bind(FLUSH_POLICY).toConstantValue(policy);
  }
});
