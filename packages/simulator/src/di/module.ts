import { ContainerModule } from 'inversify';
import { simulatedTlbFactory } from '../run/simulated-tlb.js';
import { Simulator } from '../simulator.js';
import { GUEST_TLB_FACTORY, SIMULATOR } from './tokens.js';

export const simulatorModule = new ContainerModule(({ bind }) => {
  bind(GUEST_TLB_FACTORY).toConstantValue(simulatedTlbFactory);
  bind(SIMULATOR).to(Simulator).inSingletonScope();
});
