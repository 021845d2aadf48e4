export * from './flush-policy.js';
export * from './spte-walk.js';
export * from './tlb-shootdown.js';
