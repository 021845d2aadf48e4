import type { WorkloadEvent } from '../events/workload-event.js';
import { checkEvent } from './event-fields.js';
import { type Line, LineTooLongError, readLines } from './line-reader.js';
import { TraceFileError } from './trace-file-error.js';
import {
  TRACE_KIND,
  TRACE_SCHEMA_VERSION,
  type TraceHeader,
  traceEndSchema,
  traceHeaderSchema,
} from './trace-header.js';

/** A trace file: its header, read at once, and its events, read lazily on each iteration. */
export interface TraceFile {
  readonly header: TraceHeader;
  /**
   * Every event, validated as it is read: the first problem (bad JSON, an unknown event, a gfn
   * or vCPU outside the header's VM, a missing end line) throws a TraceFileError naming the
   * line. Consumers that must not act on a partial trace finish reading before they act.
   */
  readonly events: Iterable<WorkloadEvent>;
}

/**
 * Opens a trace for streaming: the header is checked now; the events are read on each
 * iteration (constant memory). `name` is how errors refer to the file (default: `path`).
 */
export function openTraceFile(path: string, name: string = path): TraceFile {
  const header = readHeader(path, name);
  return {
    header,
    events: { [Symbol.iterator]: () => readEvents(path, name, header) },
  };
}

function parseJson(line: Line, name: string): unknown {
  try {
    return JSON.parse(line.text);
  } catch (error) {
    const cut = line.terminated ? '' : ' (the line has no newline: is the file truncated?)';
    throw new TraceFileError(
      name,
      line.number,
      `not valid JSON: ${(error as Error).message}${cut}`,
    );
  }
}

function* lines(path: string, name: string): Generator<Line> {
  try {
    yield* readLines(path);
  } catch (error) {
    if (error instanceof LineTooLongError)
      throw new TraceFileError(name, error.line, `${error.message}: not a spte-lab trace`);
    throw error;
  }
}

function readHeader(path: string, name: string): TraceHeader {
  for (const line of lines(path, name)) {
    const value = parseJson(line, name) as { kind?: unknown; schemaVersion?: unknown } | null;
    if (value?.kind !== TRACE_KIND)
      throw new TraceFileError(
        name,
        1,
        `not a spte-lab trace: the first line must be a header with "kind": "${TRACE_KIND}"`,
      );
    if (value.schemaVersion !== TRACE_SCHEMA_VERSION)
      throw new TraceFileError(
        name,
        1,
        `schemaVersion ${JSON.stringify(value.schemaVersion)} is not supported; this spte-lab reads schemaVersion ${TRACE_SCHEMA_VERSION}`,
      );
    const result = traceHeaderSchema.safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw new TraceFileError(
        name,
        1,
        `bad header: ${issue.path.join('.') || '(top level)'}: ${issue.message}`,
      );
    }
    return result.data as TraceHeader;
  }
  throw new TraceFileError(name, 1, 'empty file: a trace starts with a header line');
}

function* readEvents(path: string, name: string, header: TraceHeader): Generator<WorkloadEvent> {
  let count = 0;
  let last = 1;
  let ended = false;
  for (const line of lines(path, name)) {
    last = line.number;
    if (line.number === 1) continue;
    if (ended) throw new TraceFileError(name, line.number, 'content after the end line');
    if (line.text.trim() === '')
      throw new TraceFileError(
        name,
        line.number,
        'empty line (a trace has one JSON object per line)',
      );
    const value = parseJson(line, name);
    if ((value as { kind?: unknown } | null)?.kind === 'end') {
      const end = traceEndSchema.safeParse(value);
      if (!end.success) throw new TraceFileError(name, line.number, 'malformed end line');
      if (end.data.events !== count)
        throw new TraceFileError(
          name,
          line.number,
          `the end line counts ${end.data.events} events but the file has ${count}`,
        );
      ended = true;
      continue;
    }
    const event = checkEvent(value, header.params);
    if (typeof event === 'string') throw new TraceFileError(name, line.number, event);
    count++;
    yield event;
  }
  if (!ended)
    throw new TraceFileError(
      name,
      last + 1,
      `the file ends without its end line after ${count} events: it is truncated`,
    );
}
