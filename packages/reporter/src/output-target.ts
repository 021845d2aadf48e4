import { lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Where `--out` really writes. A regular file (or a new one) is replaced atomically; a symlink
 * is followed and its target replaced atomically (the link stays a link); a character device,
 * FIFO or socket (`/dev/null`, `/dev/stdout`, a named pipe) is written in place, streaming,
 * because renaming a file over it would destroy the node; `-` is standard output.
 */
export type OutputTarget =
  | { readonly kind: 'atomic'; readonly path: string }
  | { readonly kind: 'stream'; readonly path: string }
  | { readonly kind: 'stdout' };

export class OutputTargetError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`'${path}': ${problem}`);
    this.name = 'OutputTargetError';
  }
}

export function resolveOutputTarget(path: string): OutputTarget {
  if (path === '-') return { kind: 'stdout' };
  const link = lstatSync(path, { throwIfNoEntry: false });
  if (link === undefined) return { kind: 'atomic', path };
  let real = path;
  if (link.isSymbolicLink()) {
    try {
      real = realpathSync(path);
    } catch {
      // A dangling link: write the file it names (relative to the link's directory).
      return { kind: 'atomic', path: resolve(dirname(path), readlinkSync(path)) };
    }
  }
  const info = real === path ? link : statSync(real);
  if (info.isDirectory()) throw new OutputTargetError(path, 'it is a directory');
  if (info.isFile()) return { kind: 'atomic', path: real };
  return { kind: 'stream', path: real };
}
