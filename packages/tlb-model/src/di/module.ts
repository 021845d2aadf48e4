import { ContainerModule } from 'inversify';
import { defaultCostModel } from '../cost/cost-model.js';
import type { CostModel } from '../cost/cost-model.js';
import { TlbModel } from '../tlb-model.js';
import type { TlbModelFactory } from '../tlb-model.js';
import { COST_MODEL, TLB_MODEL_FACTORY } from './tokens.js';

/**
 * Binds the default cost model and a factory `(options, walker) => TlbModel` that applies the
 * container's COST_MODEL unless `options.costModel` is given.
 */
export const tlbModelModule = new ContainerModule(({ bind }) => {
  bind<CostModel>(COST_MODEL).toConstantValue(defaultCostModel());
  bind<TlbModelFactory>(TLB_MODEL_FACTORY)
    .toDynamicValue((context) => {
      const costModel = context.get<CostModel>(COST_MODEL);
      return (options, walker) => new TlbModel({ costModel, ...options }, walker);
    })
    .inSingletonScope();
});
