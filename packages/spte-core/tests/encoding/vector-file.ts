import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shared kernel vectors. CI clones the repo with `shared/` copied beside it, so the file is
 * at <repo>/../shared/vectors/spte/kernel-vectors.jsonl; resolve it from this file, and fail
 * (never skip) when it is missing.
 */
export const KERNEL_VECTORS = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../../shared/vectors/spte/kernel-vectors.jsonl',
);

export function readKernelVectorLines(): string[] {
  if (!existsSync(KERNEL_VECTORS)) {
    throw new Error(
      `kernel vector file not found at ${KERNEL_VECTORS} (shared/ must sit beside the repo)`,
    );
  }
  return readFileSync(KERNEL_VECTORS, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0);
}
