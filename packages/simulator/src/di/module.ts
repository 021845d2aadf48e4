import {
  COST_MODEL,
  defaultCostModel,
  TLB_MODEL_FACTORY,
  type TlbModelFactory,
  type TlbModelOptions,
} from '@spte-lab/tlb-model';
import { ContainerModule } from 'inversify';
import { createSimulatedTlb, guestTlbFactoryFrom } from '../run/simulated-tlb.js';
import type { GuestTlbFactory } from '../run/world.js';
import { Simulator } from '../simulator.js';
import { GUEST_TLB_FACTORY, SIMULATOR } from './tokens.js';

/**
 * The simulator's own bindings; `costModel` overrides tlb-model's default cycle costs. The
 * guest TLB factory reads COST_MODEL and TLB_MODEL_FACTORY from the container when first
 * resolved, so a plugin module that rebinds either (or GUEST_TLB_FACTORY itself) takes effect
 * in every run and every check.
 */
export function simulatorModule(
  options: { costModel?: TlbModelOptions['costModel'] } = {},
): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<TlbModelOptions['costModel']>(COST_MODEL).toConstantValue(
      options.costModel ?? defaultCostModel(),
    );
    bind<TlbModelFactory>(TLB_MODEL_FACTORY).toConstantValue(createSimulatedTlb);
    bind<GuestTlbFactory>(GUEST_TLB_FACTORY)
      .toDynamicValue((context) =>
        guestTlbFactoryFrom(
          context.get<TlbModelFactory>(TLB_MODEL_FACTORY),
          context.get<TlbModelOptions['costModel']>(COST_MODEL),
        ),
      )
      .inSingletonScope();
    bind(SIMULATOR).to(Simulator).inSingletonScope();
  });
}
