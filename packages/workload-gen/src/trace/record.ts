import { createRng } from '../rng/rng.js';
import type { ScenarioPreset } from '../scenarios/scenario-preset.js';
import { WORKLOAD_GEN_VERSION } from '../version.js';
import { fullRates, TRACE_KIND, TRACE_SCHEMA_VERSION, type TraceHeader } from './trace-header.js';
import {
  type TraceWriteOptions,
  type WrittenTrace,
  writeTraceFile,
  writeTraceFileAsync,
} from './trace-writer.js';

/**
 * The header of a trace of `preset` (configured: its defaults are the parameters to record)
 * at `seed`. Nothing in it depends on the machine, the time or the path, so the same preset,
 * parameters and seed give a byte-identical file.
 */
export function traceHeaderFor(preset: ScenarioPreset, seed: number): TraceHeader {
  return {
    kind: TRACE_KIND,
    schemaVersion: TRACE_SCHEMA_VERSION,
    generator: { name: '@spte-lab/workload-gen', version: WORKLOAD_GEN_VERSION },
    scenario: preset.name,
    seed,
    params: { ...preset.defaults },
    setup: {
      format: preset.format,
      mmu: preset.mmu,
      vm: preset.vm,
      rates: fullRates(preset.rates),
    },
  };
}

/**
 * Records the events a run of `preset` at `seed` executes (the same stream a run draws: the
 * workload's own seeded PRNG) to `path`, all or nothing.
 */
export function recordScenario(
  preset: ScenarioPreset,
  seed: number,
  path: string,
  name: string = path,
  write: TraceWriteOptions = {},
): WrittenTrace {
  const events = preset.events(preset.defaults, createRng(seed));
  return writeTraceFile(path, traceHeaderFor(preset, seed), events, name, write);
}

/**
 * recordScenario that yields to the event loop while writing (writeTraceFileAsync), so Ctrl-C
 * can interrupt a large recording: the target stays as it was and the temporary file is removed.
 */
export function recordScenarioAsync(
  preset: ScenarioPreset,
  seed: number,
  path: string,
  name: string = path,
  write: TraceWriteOptions = {},
): Promise<WrittenTrace> {
  const events = preset.events(preset.defaults, createRng(seed));
  return writeTraceFileAsync(path, traceHeaderFor(preset, seed), events, name, write);
}
