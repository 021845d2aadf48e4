import { validateResultDocument } from '@spte-lab/reporter';
import { buildResultDocument, createSimulator, tokensBoundBy } from '../src/index.js';
import { COST_MODEL, defaultCostModel, type CostModel } from '@spte-lab/tlb-model';
import { ContainerModule } from 'inversify';
import { describe, expect, it } from 'vitest';

const grid = {
  command: 'api test',
  version: '0.0.0-test',
  policies: ['kvm-v6.13'],
  scenarios: ['migration-bitmap'],
  seeds: [1],
  retention: 'adversarial' as const,
};

const doubled = Object.fromEntries(
  Object.entries(defaultCostModel()).map(([k, e]) => [k, { ...e, cycles: e.cycles * 2 }]),
) as CostModel;
const costPlugin = new ContainerModule(({ rebind }) => {
  rebind<CostModel>(COST_MODEL).toConstantValue(doubled);
});

describe('buildResultDocument (from the package index)', () => {
  it('builds a valid document of the runs, with the cost model the simulator used', () => {
    const sim = createSimulator();
    const doc = buildResultDocument(sim, grid, sim.compare(grid));
    expect(validateResultDocument(doc, 'built')).toEqual(doc);
    expect(doc.costModel).toEqual(defaultCostModel());
    expect(doc.parameters.scenarioSettings!['migration-bitmap']).toMatchObject({ format: 'ept' });
    expect(doc.extensions).toBeUndefined();
  });

  it('records a plugin COST_MODEL rebind: its costs, and the token under extensions', () => {
    const sim = createSimulator({ plugins: [costPlugin] });
    const extensions = [{ plugin: 'cost-plugin', tokens: tokensBoundBy(costPlugin) }];
    const doc = buildResultDocument(sim, { ...grid, extensions }, sim.compare(grid));
    validateResultDocument(doc, 'built');
    expect(doc.costModel).toEqual(doubled);
    expect(doc.extensions).toEqual([{ plugin: 'cost-plugin', tokens: ['COST_MODEL'] }]);
  });
});
