import { RENDERER } from '@spte-lab/reporter';
import { FLUSH_POLICY } from '@spte-lab/spte-core';
import { COST_MODEL, TLB_MODEL_FACTORY } from '@spte-lab/tlb-model';
import { SCENARIO_PRESET } from '@spte-lab/workload-gen';
import { Container, type ContainerModule } from 'inversify';
import { GUEST_TLB_FACTORY, SIMULATOR } from './tokens.js';

/** Every token a plugin's ContainerModule may bind or rebind, by its exported name. */
export const EXTENSION_TOKENS = {
  COST_MODEL,
  GUEST_TLB_FACTORY,
  SCENARIO_PRESET,
  FLUSH_POLICY,
  RENDERER,
  TLB_MODEL_FACTORY,
  SIMULATOR,
} as const;

/**
 * The names of the tokens `module` binds (or rebinds), found by loading it into a scratch
 * container: what a result document lists under `extensions`.
 * @throws whatever the module's own `load` throws.
 */
export function tokensBoundBy(module: ContainerModule): string[] {
  const scratch = new Container({ defaultScope: 'Singleton' });
  scratch.load(module);
  return Object.entries(EXTENSION_TOKENS)
    .filter(([, token]) => scratch.isBound(token))
    .map(([name]) => name);
}
