import { type AccessStream, buildAccessStream } from './access-stream.js';

/** vCPUs and guest size of the access-path rows and of `baseline/bare-hash-probe`. */
export const STREAM_VCPUS = 16;
export const STREAM_GFNS = 1 << 20;

let stream: AccessStream | undefined;

/**
 * The access stream every access-path row and the shared reference loop read (built on first
 * use, not at import): 16 vCPUs over a 1 Mi-gfn guest, each with 1024 gfns scattered over the
 * guest, 90% of its accesses in 48 of them.
 */
export function sharedStream(): AccessStream {
  stream ??= buildAccessStream({
    vcpus: STREAM_VCPUS,
    gfns: STREAM_GFNS,
    workingSet: 1024,
    hot: 48,
    length: 1 << 20,
  });
  return stream;
}
