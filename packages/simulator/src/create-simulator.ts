import { flushPoliciesModule, isContainerModule } from '@spte-lab/flush-policies';
import { reporterModule } from '@spte-lab/reporter';
import { FLUSH_POLICY, type FlushPolicy } from '@spte-lab/spte-core';
import type { TlbModelOptions } from '@spte-lab/tlb-model';
import { workloadGenModule } from '@spte-lab/workload-gen';
import { Container, ContainerModule } from 'inversify';
import { simulatorModule } from './di/module.js';
import { SIMULATOR } from './di/tokens.js';
import type { Simulator } from './simulator.js';

export interface SimulatorOptions {
  /**
   * Cycle costs over tlb-model's defaults (a complete table or overrides; validated, e.g. from
   * `loadCostModelFile`).
   */
  readonly costModel?: TlbModelOptions['costModel'];
  /**
   * Plugins, loaded after the built-ins: policies (from `definePolicy`, or any FlushPolicy),
   * bound under FLUSH_POLICY for you, or Inversify modules that bind more policies under
   * FLUSH_POLICY (or scenarios under SCENARIO_PRESET) themselves. Nothing in any package changes.
   */
  readonly plugins?: readonly (ContainerModule | FlushPolicy)[];
}

/** A policy plugin as the module that binds it; modules as they are (matched by shape). */
function asModule(plugin: ContainerModule | FlushPolicy): ContainerModule {
  if (isContainerModule(plugin)) return plugin;
  return new ContainerModule(({ bind }) => {
    bind(FLUSH_POLICY).toConstantValue(plugin);
  });
}

/** The composition root: one container from every package's module plus the plugins. */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const container = new Container({ defaultScope: 'Singleton' });
  container.load(
    flushPoliciesModule,
    workloadGenModule,
    reporterModule,
    simulatorModule({ ...(options.costModel ? { costModel: options.costModel } : {}) }),
  );
  if (options.plugins?.length) container.load(...options.plugins.map(asModule));
  return container.get<Simulator>(SIMULATOR);
}
