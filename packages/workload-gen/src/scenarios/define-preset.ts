import type { MmuFlavour, SpteFormat } from '@spte-lab/spte-core';
import type { WorkloadEvent } from '../events/workload-event.js';
import {
  rateParameters,
  type RateDefaults,
  type Sizes,
  sizeParameters,
} from '../params/common-parameters.js';
import { choice, type ParameterSpec, type ParamsOf } from '../params/parameter.js';
import { ScenarioParamError } from '../params/param-error.js';
import { defaultsOf, resolveParams } from '../params/parse-params.js';
import type { Rng } from '../rng/rng.js';
import type { ScenarioParams, ScenarioPreset, ScenarioSetup, VmSetup } from './scenario-preset.js';

/** The parameters definePreset adds to every preset. */
export type CommonParams = ParamsOf<ReturnType<typeof sizeParameters>> &
  ParamsOf<ReturnType<typeof rateParameters>> & { readonly spteFormat: SpteFormat };

export type PresetParams<S extends readonly ParameterSpec[]> = CommonParams & ParamsOf<S>;

export interface PresetDefinition<S extends readonly ParameterSpec[]> {
  readonly name: string;
  /** One line for `spte-lab list scenarios`. */
  readonly description: string;
  /**
   * The SPTE formats the preset runs faithfully on, the default first: the choices of its
   * `spteFormat` parameter (one choice when the format is fixed).
   */
  readonly formats: readonly [SpteFormat, ...SpteFormat[]];
  readonly mmu: MmuFlavour;
  readonly specSections: readonly string[];
  /** Default vCPUs, gfns and events: small, so `compare` over every preset stays fast. */
  readonly sizes: Sizes;
  readonly rates?: RateDefaults;
  /** The preset's own parameters (after the common ones). */
  readonly parameters: S;
  /** Memslot and MMU settings for the parameters. */
  vm(params: PresetParams<S>): VmSetup;
  /** A rule across parameters, as the problem in words, or undefined when it holds. */
  check?(params: PresetParams<S>): string | undefined;
  events(params: PresetParams<S>, rng: Rng): Iterable<WorkloadEvent>;
}

/**
 * Builds a ScenarioPreset from its definition: the common parameters (sizes, SPTE format, op
 * rates) plus its own, validated on every use, so a preset's code only ever sees values
 * inside their documented ranges.
 */
export function definePreset<const S extends readonly ParameterSpec[]>(
  def: PresetDefinition<S>,
): ScenarioPreset {
  const formatParameter = choice(
    'spteFormat',
    'SPTE format (spec §1): ept (A/D bits on), ept-noad (A/D off), legacy (AMD NPT, shadow paging)',
    def.formats,
    def.formats[0],
  );
  const parameters: readonly ParameterSpec[] = [
    ...sizeParameters(def.sizes),
    formatParameter,
    ...rateParameters(def.rates ?? {}),
    ...def.parameters,
  ];
  const resolve = (input: ScenarioParams): PresetParams<S> => {
    const values = resolveParams(parameters, input as unknown as Record<string, unknown>, def.name);
    const params = values as unknown as PresetParams<S>;
    const problem = def.check?.(params) ?? mixProblem(params);
    if (problem) throw new ScenarioParamError(`scenario ${def.name}: ${problem}`);
    return params;
  };
  const setup = (params: PresetParams<S>): ScenarioSetup => ({
    format: params.spteFormat,
    mmu: def.mmu,
    vm: def.vm(params),
    rates: {
      vcpu: params.vcpuRate,
      vmm: params.vmmRate,
      hostMm: params.hostMmRate,
      tracker: params.trackerRate,
    },
  });
  const defaults = resolve(defaultsOf(parameters) as unknown as ScenarioParams);
  return {
    name: def.name,
    description: def.description,
    specSections: def.specSections,
    parameters,
    defaults,
    ...setup(defaults),
    setup: (params) => setup(resolve(params)),
    events: (params, rng) => def.events(resolve(params), rng),
  };
}

/** writeShare + execShare must leave room (their sum is a probability). */
function mixProblem(params: Readonly<Record<string, unknown>>): string | undefined {
  const { writeShare, execShare } = params;
  if (typeof writeShare === 'number' && typeof execShare === 'number' && writeShare + execShare > 1)
    return `writeShare + execShare must be at most 1; got ${writeShare} + ${execShare}`;
  return undefined;
}
