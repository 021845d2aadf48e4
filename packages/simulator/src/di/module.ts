import type { TlbModelOptions } from '@spte-lab/tlb-model';
import { ContainerModule } from 'inversify';
import { simulatedTlbFactory } from '../run/simulated-tlb.js';
import { Simulator } from '../simulator.js';
import { GUEST_TLB_FACTORY, SIMULATOR } from './tokens.js';

/** The simulator's own bindings; `costModel` overrides tlb-model's default cycle costs. */
export function simulatorModule(
  options: { costModel?: TlbModelOptions['costModel'] } = {},
): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(GUEST_TLB_FACTORY).toConstantValue(simulatedTlbFactory(options.costModel));
    bind(SIMULATOR).to(Simulator).inSingletonScope();
  });
}
