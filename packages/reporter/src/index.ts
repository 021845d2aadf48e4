export * from './result/result-document.js';
export { renderTable, type TableOptions } from './render/table.js';
export { renderJson } from './render/json.js';
export { DEFAULT_COLUMNS, type Column } from './render/columns.js';
export type { Renderer, RenderOptions } from './render/renderer.js';
export { RENDERER } from './di/tokens.js';
export { reporterModule, builtInRenderers } from './di/module.js';
