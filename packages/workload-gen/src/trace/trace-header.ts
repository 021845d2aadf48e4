import { SPTE_FORMATS } from '@spte-lab/spte-core';
import { z } from 'zod';
import { MAX_EVENTS, MAX_GFNS, MAX_RATE, MAX_VCPUS } from '../params/common-parameters.js';
import type { ParameterValue } from '../params/parameter.js';
import type { ActorRates, ScenarioParams, ScenarioSetup } from '../scenarios/scenario-preset.js';

export const TRACE_KIND = 'spte-lab-trace';
export const TRACE_SCHEMA_VERSION = 1;

/**
 * The first line of a trace: enough to replay it without the code that generated it (the VM
 * set-up is recorded, not looked up), and enough to regenerate it (scenario, seed, params).
 */
export interface TraceHeader {
  readonly kind: typeof TRACE_KIND;
  readonly schemaVersion: typeof TRACE_SCHEMA_VERSION;
  /** What wrote the events: a preset generator or the tracepoint importer, and its version. */
  readonly generator: { readonly name: string; readonly version: string; readonly from?: string };
  /** The preset's name, or `imported` for a trace made from KVM tracepoints. */
  readonly scenario: string;
  /** The workload's seed; a replay's scheduler follows it too. */
  readonly seed: number;
  /** Every parameter the events were generated with; `vcpus` and `gfns` bound every event. */
  readonly params: ScenarioParams & Readonly<Record<string, ParameterValue>>;
  readonly setup: ScenarioSetup & { readonly rates: Required<ActorRates> };
}

/** The last line: proves the file is complete, and how many events it holds. */
export interface TraceEnd {
  readonly kind: 'end';
  readonly events: number;
}

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const rate = int(1, MAX_RATE);
/** Every actor but the vCPUs may be switched off (rate 0: its events are skipped). */
const otherRate = int(0, MAX_RATE);

export const traceHeaderSchema = z.strictObject({
  kind: z.literal(TRACE_KIND),
  schemaVersion: z.literal(TRACE_SCHEMA_VERSION),
  generator: z.strictObject({ name: z.string(), version: z.string(), from: z.string().optional() }),
  scenario: z.string().min(1),
  seed: z.number().int(),
  params: z
    .object({ vcpus: int(1, MAX_VCPUS), gfns: int(1, MAX_GFNS), events: int(0, MAX_EVENTS) })
    .catchall(z.union([z.number(), z.string(), z.boolean()])),
  setup: z.strictObject({
    format: z.enum(SPTE_FORMATS),
    mmu: z.enum(['tdp', 'shadow']),
    vm: z.strictObject({
      manualProtect: z.boolean().optional(),
      initiallySet: z.boolean().optional(),
      indirect: z.boolean().optional(),
      hugeBacking: z.boolean().optional(),
      hugeBackingRatio: z.number().min(0).max(1).optional(),
      eagerSplit: z.enum(['on', 'off', 'fails']).optional(),
      readOnly: z.boolean().optional(),
      pml: z.boolean().optional(),
      dirtyRing: z.strictObject({ size: int(1, 1 << 20), softLimit: int(1, 1 << 20) }).optional(),
    }),
    rates: z.strictObject({ vcpu: rate, vmm: otherRate, hostMm: otherRate, tracker: otherRate }),
  }),
});

export const traceEndSchema = z.strictObject({
  kind: z.literal('end'),
  events: int(0, Number.MAX_SAFE_INTEGER),
});

/** Rates with every actor filled in (1 when the preset did not say), as a header records them. */
export function fullRates(rates: ActorRates | undefined): Required<ActorRates> {
  return { vcpu: 1, vmm: 1, hostMm: 1, tracker: 1, ...rates };
}
