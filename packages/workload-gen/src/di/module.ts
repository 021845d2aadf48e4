import { ContainerModule } from 'inversify';
import { scenarioPresets } from '../registry.js';
import { SCENARIO_PRESET } from './tokens.js';

export const workloadGenModule = new ContainerModule(({ bind }) => {
  for (const preset of Object.values(scenarioPresets))
    bind(SCENARIO_PRESET).toConstantValue(preset);
});
