import { builtInRenderers, RENDERER, type Renderer } from '@spte-lab/reporter';
import { COST_MODEL, defaultCostModel, type CostModel } from '@spte-lab/tlb-model';
import { SCENARIO_PRESET, type ScenarioPreset } from '@spte-lab/workload-gen';
import { ContainerModule } from 'inversify';
import { describe, expect, it } from 'vitest';
import { createSimulator, GUEST_TLB_FACTORY, simulatedTlbFactory } from '../src/index.js';

const input = { policies: ['kvm-v6.13'], scenarios: ['migration-bitmap'], seeds: [1] };

function cycles(sim: ReturnType<typeof createSimulator>): number {
  const [run] = sim.compare(input);
  return (run as { stats: Record<string, number> }).stats.cycles!;
}

describe('DI extension points a plugin module rebinds', () => {
  it('COST_MODEL: a plugin that rebinds it changes the cycles of a run', () => {
    const base = cycles(createSimulator());
    const doubled = Object.fromEntries(
      Object.entries(defaultCostModel()).map(([k, e]) => [k, { ...e, cycles: e.cycles * 2 }]),
    ) as CostModel;
    const plugin = new ContainerModule(({ rebind }) => {
      rebind<CostModel>(COST_MODEL).toConstantValue(doubled);
    });
    const after = cycles(createSimulator({ plugins: [plugin] }));
    expect(base).toBeGreaterThan(0);
    expect(after).toBe(base * 2);
  });

  it('GUEST_TLB_FACTORY: a plugin that rebinds it builds every run TLB', () => {
    let built = 0;
    const inner = simulatedTlbFactory();
    const plugin = new ContainerModule(({ rebind }) => {
      rebind(GUEST_TLB_FACTORY).toConstantValue(((o, w) => {
        built++;
        return inner(o, w);
      }) satisfies typeof inner);
    });
    createSimulator({ plugins: [plugin] }).compare(input);
    expect(built).toBeGreaterThan(0);
  });

  it('SCENARIO_PRESET: a plugin binds one more scenario, found by name', () => {
    const base = createSimulator().scenario('migration-bitmap');
    const mine: ScenarioPreset = { ...base, name: 'my-migration-bitmap' };
    const plugin = new ContainerModule(({ bind }) => {
      bind(SCENARIO_PRESET).toConstantValue(mine);
    });
    const sim = createSimulator({ plugins: [plugin] });
    expect(sim.scenarioNames()).toContain('my-migration-bitmap');
    expect(sim.compare({ ...input, scenarios: ['my-migration-bitmap'] })).toHaveLength(1);
  });

  it('RENDERER: a plugin adds a format, and one of the same name replaces the built-in', () => {
    const mine: Renderer = {
      format: 'mine',
      extensions: ['.mine'],
      description: 'x',
      render: () => 'm',
    };
    const json: Renderer = { ...builtInRenderers[1], render: () => 'my json' };
    const plugin = new ContainerModule(({ bind }) => {
      bind(RENDERER).toConstantValue(mine);
      bind(RENDERER).toConstantValue(json);
    });
    const renderers = createSimulator({ plugins: [plugin] }).renderers();
    expect(renderers.map((r) => r.format)).toEqual(['table', 'json', 'csv', 'md', 'html', 'mine']);
    expect(renderers.find((r) => r.format === 'json')).toBe(json);
    expect(createSimulator().renderers()).toEqual([...builtInRenderers]);
  });
});
