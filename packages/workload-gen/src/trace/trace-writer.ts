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
  const hooks = options;
  const temp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  hooks.track?.(temp);
  let fd: number;
  try {
    fd = openSync(temp, 'wx');
  } catch (error) {
    hooks.release?.(temp);
    throw error;
  }
  let closed = false;
  try {
    const written = writeTraceTo(fd, header, events, name);
    fsyncSync(fd);
    closeSync(fd);
    closed = true;
    renameSync(temp, path);
    return written;
  } catch (error) {
    if (!closed) closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  } finally {
    hooks.release?.(temp);
  }
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
  let chunk = `${JSON.stringify(header)}\n`;
  let bytes = 0;
  let count = 0;
  const flush = () => {
    const data = Buffer.from(chunk, 'utf8');
    for (let at = 0; at < data.length;) at += writeSync(fd, data, at);
    bytes += data.length;
    chunk = '';
  };
  const bounds = header.params;
  for (const event of events) {
    const checked = checkEvent(event, bounds);
    if (typeof checked === 'string') throw new TraceFileError(name, count + 2, checked);
    chunk += `${encodeEvent(checked)}\n`;
    count++;
    if (chunk.length >= FLUSH_AT) flush();
  }
  const end: TraceEnd = { kind: 'end', events: count };
  chunk += `${JSON.stringify(end)}\n`;
  flush();
  return { events: count, bytes };
}
