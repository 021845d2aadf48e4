export * from './ports/index.js';
export * from './di/index.js';
export * from './mmu/index.js';
export * from './encoding/index.js';
