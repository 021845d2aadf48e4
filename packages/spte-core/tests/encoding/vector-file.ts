import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The kernel vectors, vendored from shared/vectors/spte/ so a fresh clone tests itself. The
 * copy is byte-for-byte; tests/fixtures/vectors/README.md (the shared README) says what a line
 * means.
 */
export const KERNEL_VECTORS = resolve(here, '../fixtures/vectors/kernel-vectors.jsonl');

/**
 * Where a checkout with `shared/` beside it keeps the upstream vector files. Any *.jsonl there
 * is run too (the shared README: "other files in the same schema exist and must pass").
 */
export const SHARED_VECTOR_DIR = resolve(here, '../../../../../shared/vectors/spte');

/** The vendored file, then every *.jsonl in ../shared when that directory exists. */
export function kernelVectorFiles(): string[] {
  const files = [KERNEL_VECTORS];
  if (existsSync(SHARED_VECTOR_DIR)) {
    for (const name of readdirSync(SHARED_VECTOR_DIR).sort()) {
      if (name.endsWith('.jsonl')) files.push(join(SHARED_VECTOR_DIR, name));
    }
  }
  return files;
}

export function readVectorLines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0);
}

export function readKernelVectorLines(): string[] {
  return readVectorLines(KERNEL_VECTORS);
}
