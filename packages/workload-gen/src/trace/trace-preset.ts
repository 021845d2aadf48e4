import type { ScenarioPreset } from '../scenarios/scenario-preset.js';
import type { TraceHeader } from './trace-header.js';

/**
 * The scenario a trace replays: the VM set-up and parameters exactly as its header recorded
 * them, so a replay needs neither the generator's code nor the same version of it. Pass the
 * trace's events as `RunInput.events`; this preset cannot generate any itself.
 */
export function presetFromTraceHeader(header: TraceHeader): ScenarioPreset {
  const { setup } = header;
  return {
    name: header.scenario,
    description: `a recorded trace (${header.generator.name} ${header.generator.version})`,
    format: setup.format,
    mmu: setup.mmu,
    specSections: [],
    defaults: header.params,
    vm: setup.vm,
    rates: setup.rates,
    events() {
      throw new Error(
        `scenario ${header.scenario} is a recorded trace: run it with the trace's events (RunInput.events)`,
      );
    },
  };
}
