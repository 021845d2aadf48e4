import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

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
  }
}
