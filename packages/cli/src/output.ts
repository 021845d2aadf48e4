import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  OutputTargetError,
  releaseTempFile,
  resolveOutputTarget,
  trackTempFile,
  writeOutputFile,
} from '@spte-lab/reporter';
import type { TraceWriteOptions } from '@spte-lab/workload-gen';
import { CliError } from './errors.js';

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * How `--out` is written, for commands that write traces: a regular file (or a symlink's
 * target) atomically, with its temporary file removed if a signal ends the process; a device,
 * a FIFO or `-` in place, streaming. `absolute` is --out resolved against the working directory.
 */
export function traceOutput(
  absolute: string,
  typed: string,
): { readonly path: string; readonly write: TraceWriteOptions } {
  const target = outputTarget(absolute, typed);
  if (target.kind === 'stdout') return { path: '-', write: { mode: 'stream' } };
  if (target.kind === 'stream') return { path: target.path, write: { mode: 'stream' } };
  return {
    path: target.path,
    write: { mode: 'atomic', track: trackTempFile, release: releaseTempFile },
  };
}

function outputTarget(absolute: string, typed: string) {
  try {
    return resolveOutputTarget(typed === '-' ? '-' : absolute);
  } catch (error) {
    if (error instanceof OutputTargetError)
      throw new CliError(`cannot write '${typed}': ${error.problem}`);
    throw error;
  }
}

/**
 * Writes a text output (a report, a replay schedule) to `--out`: `-` is stdout (`print`),
 * anything else goes through writeOutputFile. A failure is one line naming --out as typed.
 */
export async function writeTextOutput(
  absolute: string,
  typed: string,
  text: string,
  print: (text: string) => void,
): Promise<void> {
  if (outputTarget(absolute, typed).kind === 'stdout') {
    print(text);
    return;
  }
  try {
    await writeOutputFile(absolute, text);
  } catch (error) {
    throw new CliError(`cannot write '${typed}': ${fileProblem(error, absolute)}`);
  }
}

/**
 * The reason in words, without the temporary file's name that Node's message would show.
 * `target`: the file being written, to tell a missing directory from one that exists but
 * takes no new file (a pseudo file system such as /proc).
 */
export function fileProblem(error: unknown, target?: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      if (target !== undefined && isDirectory(dirname(target)))
        return `no file can be created in its directory ${dirname(target)}`;
      return 'its directory does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    default:
      return (
        (error as NodeJS.ErrnoException).code ??
        (error instanceof Error ? error.message : String(error))
      );
  }
}
