import { flushPoliciesModule } from '@spte-lab/flush-policies';
import { reporterModule } from '@spte-lab/reporter';
import type { TlbModelOptions } from '@spte-lab/tlb-model';
import { workloadGenModule } from '@spte-lab/workload-gen';
import { Container, type ContainerModule } from 'inversify';
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
   * Extra Inversify modules, loaded after the built-in ones: a plugin binds more policies under
   * FLUSH_POLICY (or scenarios under SCENARIO_PRESET) without touching any package.
   */
  readonly plugins?: readonly ContainerModule[];
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
  if (options.plugins?.length) container.load(...options.plugins);
  return container.get<Simulator>(SIMULATOR);
}
