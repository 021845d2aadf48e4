import { basename } from 'node:path';
import type { WorkloadEvent } from '../events/workload-event.js';
import { MAX_GFNS, MAX_VCPUS } from '../params/common-parameters.js';
import { type Line, readLines } from '../trace/line-reader.js';
import { TraceFileError } from '../trace/trace-file-error.js';
import {
  fullRates,
  TRACE_KIND,
  TRACE_SCHEMA_VERSION,
  type TraceHeader,
} from '../trace/trace-header.js';
import {
  type TraceWriteOptions,
  type WrittenTrace,
  writeTraceFile,
} from '../trace/trace-writer.js';
import { WORKLOAD_GEN_VERSION } from '../version.js';
import type { KvmImportOptions } from './import-options.js';
import type { ImportSummary } from './import-summary.js';
import { KvmTraceImporter } from './kvm-trace-importer.js';

/** The scenario name of an imported trace. */
export const IMPORTED_SCENARIO = 'imported';

/** The events of a tracepoint text, with the migration's first and last steps when asked. */
export function* importedEvents(
  lines: Iterable<Line>,
  importer: KvmTraceImporter,
  migration: boolean,
): Generator<WorkloadEvent> {
  if (migration) {
    importer.summary.added.push('enable_dirty_logging first', 'final_harvest last');
    yield { type: 'enable_dirty_logging' };
  }
  for (const line of lines) {
    const event = importer.line(line.text, line.number);
    if (event) yield event;
  }
  if (migration) yield { type: 'final_harvest' };
}

export interface ImportFileOptions extends Omit<KvmImportOptions, 'vcpus' | 'gfns'> {
  /** Default: one more than the highest vCPU imported. */
  readonly vcpus?: number;
  /** Default: one more than the highest gfn imported (within the largest window). */
  readonly gfns?: number;
  /** The replay's scheduler seed (default 1). */
  readonly seed?: number;
}

export interface ImportResult {
  readonly header: TraceHeader;
  readonly summary: ImportSummary;
  readonly written: WrittenTrace;
}

function gfnOf(event: WorkloadEvent): number {
  return 'gfn' in event ? event.gfn : 'first' in event ? event.first : -1;
}

/**
 * Imports a tracepoint text file into a trace file, streaming both: a first pass sizes the VM
 * (unless `vcpus` and `gfns` are given) and counts the events, the second writes the trace
 * all or nothing (TraceFileError, nothing written, if an event does not fit).
 */
export function importKvmTraceFile(
  input: string,
  output: string,
  options: ImportFileOptions,
  names: { input: string; output: string } = { input, output },
  write: TraceWriteOptions = {},
): ImportResult {
  const migration = options.migration ?? false;
  const probe = new KvmTraceImporter({
    ...options,
    vcpus: options.vcpus ?? MAX_VCPUS,
    gfns: options.gfns ?? MAX_GFNS,
  });
  let maxVcpu = -1;
  let maxGfn = -1;
  let count = 0;
  for (const event of importedEvents(readLines(input), probe, migration)) {
    count++;
    if ('vcpu' in event) maxVcpu = Math.max(maxVcpu, event.vcpu);
    maxGfn = Math.max(maxGfn, gfnOf(event));
  }
  // Nothing importable is an error, not an empty trace: nothing is written.
  if (count === 0) {
    throw new TraceFileError(
      names.input,
      1,
      'no importable KVM tracepoint line (expected trace-cmd report or perf script output of the kvm/kvmmmu events)',
    );
  }
  const vcpus = options.vcpus ?? Math.max(1, maxVcpu + 1);
  const gfns = options.gfns ?? Math.max(1, maxGfn + 1);
  const header: TraceHeader = {
    kind: TRACE_KIND,
    schemaVersion: TRACE_SCHEMA_VERSION,
    generator: {
      name: 'spte-lab trace import',
      version: WORKLOAD_GEN_VERSION,
      from: basename(names.input),
    },
    scenario: IMPORTED_SCENARIO,
    seed: options.seed ?? 1,
    params: { vcpus, gfns, events: count },
    setup: { ...options.setup, rates: fullRates(options.setup.rates) },
  };
  // Every event of the first pass fits the VM it sized, so the second imports the same ones.
  const importer = new KvmTraceImporter({ ...options, vcpus, gfns });
  const written = writeTraceFile(
    output,
    header,
    importedEvents(readLines(input), importer, migration),
    names.output,
    write,
  );
  return { header, summary: importer.summary, written };
}
