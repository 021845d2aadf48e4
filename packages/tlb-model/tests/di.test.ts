import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import {
  COST_MODEL,
  TLB_MODEL_FACTORY,
  TlbModel,
  defaultCostModel,
  mergeCostModel,
  tlbModelModule,
} from '../src/index.js';
import type { CostModel, TlbModelFactory } from '../src/index.js';
import { FakeWalker } from './helpers/fake-walker.js';

describe('tlbModelModule', () => {
  it('binds the default cost model and a factory', () => {
    const container = new Container();
    container.load(tlbModelModule);
    expect(container.get<CostModel>(COST_MODEL)).toEqual(defaultCostModel());
    const factory = container.get<TlbModelFactory>(TLB_MODEL_FACTORY);
    const tlb = factory({ vcpus: 2 }, new FakeWalker());
    expect(tlb).toBeInstanceOf(TlbModel);
    expect(tlb.vcpus).toBe(2);
  });

  it('the factory uses a rebound COST_MODEL unless the options give one', async () => {
    const container = new Container();
    container.load(tlbModelModule);
    const custom = mergeCostModel(defaultCostModel(), { vmExit: 1 }, 'file.json');
    await container.unbind(COST_MODEL);
    container.bind<CostModel>(COST_MODEL).toConstantValue(custom);
    const factory = container.get<TlbModelFactory>(TLB_MODEL_FACTORY);
    expect(factory({ vcpus: 1 }, new FakeWalker()).costs.vmExit).toBe(1);
    expect(factory({ vcpus: 1, costModel: { vmExit: 5 } }, new FakeWalker()).costs.vmExit).toBe(5);
  });
});
