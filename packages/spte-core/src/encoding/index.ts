// Public surface of the SPTE encodings: data, the word face (hot path) and the bigint face.
export * from './constants.js';
export * from './formats.js';
export * from './kernel-profile.js';
export * from './context.js';
export { joinWords, lo32, hi32, assertU64, U64_MAX } from './words.js';
export * from './predicates.js';
export * from './access-track.js';
export * from './flush-rules.js';
export * from './write-protect.js';
export * from './make-spte.js';
export * from './make-nonleaf-spte.js';
export * from './mmio.js';
export * from './huge-pages.js';
export * from './fast-page-fault.js';
export * from './spte-api.js';
export * from './bigint-face.js';
export * from './vectors.js';
export * from './decode.js';
