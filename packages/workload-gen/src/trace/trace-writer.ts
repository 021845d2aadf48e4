import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { WorkloadEvent } from '../events/workload-event.js';
import { checkEvent, encodeEvent } from './event-fields.js';
import { TraceFileError } from './trace-file-error.js';
import type { TraceEnd, TraceHeader } from './trace-header.js';

/** Bytes buffered before each write system call. */
const FLUSH_AT = 1 << 16;

export interface WrittenTrace {
  readonly events: number;
  readonly bytes: number;
}

/** How writeTraceFile writes `path` (the caller resolved symlinks and the kind of node). */
export interface TraceWriteOptions {
  /**
   * 'atomic' (default): a temporary file renamed over `path`. 'stream': `path` is written in
   * place (a device or FIFO, which a rename would destroy); `-` is standard output.
   */
  readonly mode?: 'atomic' | 'stream';
  /** Told of the temporary file, so a caller can remove it if a signal ends the process. */
  track?(path: string): void;
  release?(path: string): void;
}

/**
 * Writes a trace all or nothing, streaming: header, one event per line (each checked against
 * the header's vCPUs and gfns, so a file that is written can be read), the end line; into a
 * temporary file beside `path`, flushed to disk, then renamed over it. On any failure (a bad
 * event, a full disk, an exception from the event source) the temporary file is removed and
 * `path` is untouched. `name` is how errors refer to the file.
 */
export function writeTraceFile(
  path: string,
  header: TraceHeader,
  events: Iterable<WorkloadEvent>,
  name: string = path,
  options: TraceWriteOptions = {},
): WrittenTrace {
  if (options.mode === 'stream') return streamTraceFile(path, header, events, name);
  const temp = openTemp(path, options);
  try {
    const written = drainSync(temp.fd, traceChunks(header, events, name));
    commitTemp(temp, path);
    return written;
  } catch (error) {
    abortTemp(temp);
    throw error;
  } finally {
    options.release?.(temp.path);
  }
}

/**
 * writeTraceFile (atomic mode) that yields to the event loop after every buffered chunk, so a
 * SIGINT/SIGTERM handler (the CLI's temp-file cleanup) can run while a large trace is being
 * written: an interrupted write leaves `path` untouched and no temporary file. Stream mode
 * stays synchronous (it writes in place; there is nothing to roll back).
 */
export async function writeTraceFileAsync(
  path: string,
  header: TraceHeader,
  events: Iterable<WorkloadEvent>,
  name: string = path,
  options: TraceWriteOptions = {},
): Promise<WrittenTrace> {
  if (options.mode === 'stream') return streamTraceFile(path, header, events, name);
  const temp = openTemp(path, options);
  try {
    const chunks = traceChunks(header, events, name);
    let bytes = 0;
    for (;;) {
      const next = chunks.next();
      if (next.done) {
        commitTemp(temp, path);
        return { events: next.value, bytes };
      }
      bytes += writeAll(temp.fd, next.value);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } catch (error) {
    abortTemp(temp);
    throw error;
  } finally {
    options.release?.(temp.path);
  }
}

interface OpenTemp {
  readonly path: string;
  readonly fd: number;
  closed: boolean;
}

/** Creates the temporary file beside `path` (told to `track` before it exists). */
function openTemp(path: string, hooks: TraceWriteOptions): OpenTemp {
  const temp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  hooks.track?.(temp);
  try {
    return { path: temp, fd: openSync(temp, 'wx'), closed: false };
  } catch (error) {
    hooks.release?.(temp);
    throw error;
  }
}

function commitTemp(temp: OpenTemp, path: string): void {
  fsyncSync(temp.fd);
  closeSync(temp.fd);
  temp.closed = true;
  renameSync(temp.path, path);
}

function abortTemp(temp: OpenTemp): void {
  if (!temp.closed) closeSync(temp.fd);
  rmSync(temp.path, { force: true });
}

function streamTraceFile(
  path: string,
  header: TraceHeader,
  events: Iterable<WorkloadEvent>,
  name: string,
): WrittenTrace {
  if (path === '-') return writeTraceTo(1, header, events, name);
  const fd = openSync(path, 'w');
  try {
    return writeTraceTo(fd, header, events, name);
  } finally {
    closeSync(fd);
  }
}

/**
 * Streams a trace to an open file descriptor (a device, a FIFO, standard output): header,
 * checked events, end line. Not atomic: the caller chose a target that cannot be replaced.
 */
export function writeTraceTo(
  fd: number,
  header: TraceHeader,
  events: Iterable<WorkloadEvent>,
  name: string,
): WrittenTrace {
  return drainSync(fd, traceChunks(header, events, name));
}

function drainSync(fd: number, chunks: Generator<Buffer, number>): WrittenTrace {
  let bytes = 0;
  for (;;) {
    const next = chunks.next();
    if (next.done) return { events: next.value, bytes };
    bytes += writeAll(fd, next.value);
  }
}

function writeAll(fd: number, data: Buffer): number {
  for (let at = 0; at < data.length;) at += writeSync(fd, data, at);
  return data.length;
}

/**
 * The trace as buffers of about FLUSH_AT bytes: header, checked events, end line; returns the
 * number of events.
 */
function* traceChunks(
  header: TraceHeader,
  events: Iterable<WorkloadEvent>,
  name: string,
): Generator<Buffer, number> {
  let chunk = `${JSON.stringify(header)}\n`;
  let count = 0;
  const bounds = header.params;
  for (const event of events) {
    const checked = checkEvent(event, bounds);
    if (typeof checked === 'string') throw new TraceFileError(name, count + 2, checked);
    chunk += `${encodeEvent(checked)}\n`;
    count++;
    if (chunk.length >= FLUSH_AT) {
      yield Buffer.from(chunk, 'utf8');
      chunk = '';
    }
  }
  const end: TraceEnd = { kind: 'end', events: count };
  yield Buffer.from(`${chunk}${JSON.stringify(end)}\n`, 'utf8');
  return count;
}
