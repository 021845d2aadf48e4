import { sizeParameters } from '../params/common-parameters.js';
import type { ParameterSpec } from '../params/parameter.js';
import { resolveParams } from '../params/parse-params.js';
import type { ScenarioParams, ScenarioPreset } from './scenario-preset.js';

/** A preset's parameters as data; a preset that declares none takes the common sizes only. */
export function parametersOf(preset: ScenarioPreset): readonly ParameterSpec[] {
  return preset.parameters ?? sizeParameters(preset.defaults);
}

/**
 * The preset with `overrides` applied: validated (a ScenarioParamError names the first bad
 * parameter and its range), every parameter filled in as `defaults`, and the set-up (SPTE
 * format, memslot flags, rates) that those parameters call for. This is what to run, record
 * or compare: a run takes its VM set-up from the preset, not from `RunInput.params`.
 */
export function configurePreset(
  preset: ScenarioPreset,
  overrides: Readonly<Record<string, unknown>> = {},
): ScenarioPreset {
  const input = { ...preset.defaults, ...overrides };
  const params = resolveParams(
    parametersOf(preset),
    input,
    preset.name,
  ) as unknown as ScenarioParams;
  const setup = preset.setup
    ? preset.setup(params)
    : { format: preset.format, mmu: preset.mmu, vm: preset.vm, rates: preset.rates };
  return { ...preset, defaults: params, ...setup };
}
