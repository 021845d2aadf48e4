import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { resolveOutputTarget } from './output-target.js';
import { releaseTempFile, trackTempFile } from './temp-files.js';

/** The file operations used, replaceable in tests to simulate a full disk or a failed rename. */
export interface AtomicWriteFs {
  open: typeof fsp.open;
  rename: typeof fsp.rename;
  rm: typeof fsp.rm;
}

/**
 * Writes `data` to `path` all or nothing: into a temporary file beside it (same directory, so
 * same file system and `rename` is atomic), flushed to disk, then renamed over `path`. On any
 * failure the temporary file is removed and `path` is left as it was; readers never see a
 * half-written report.
 */
export async function writeFileAtomic(
  path: string,
  data: string,
  fs: AtomicWriteFs = fsp,
): Promise<void> {
  const temp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  let handle: fsp.FileHandle | undefined;
  trackTempFile(temp);
  try {
    handle = await fs.open(temp, 'wx');
    await handle.writeFile(data, 'utf8');
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  } finally {
    releaseTempFile(temp);
  }
}

/**
 * Writes `data` to `--out`'s real target (see resolveOutputTarget): atomically over a regular
 * file or a symlink's target, in place onto a device or FIFO. `-` is the caller's business
 * (standard output) and is refused here.
 */
export async function writeOutputFile(
  path: string,
  data: string,
  fs: AtomicWriteFs = fsp,
): Promise<void> {
  const target = resolveOutputTarget(path);
  if (target.kind === 'stdout') throw new Error("writeOutputFile: '-' is standard output");
  if (target.kind === 'atomic') return writeFileAtomic(target.path, data, fs);
  // Written through the node itself (a device ignores the truncation; a FIFO waits for its reader).
  const handle = await fs.open(target.path, 'w');
  try {
    await handle.writeFile(data, 'utf8');
  } finally {
    await handle.close();
  }
}
