import { ContainerModule } from 'inversify';
import { renderJson } from '../render/json.js';
import type { Renderer } from '../render/renderer.js';
import { renderTable } from '../render/table.js';
import { RENDERER } from './tokens.js';

export const builtInRenderers: readonly Renderer[] = [
  { format: 'table', render: (doc, options) => renderTable(doc, options) },
  { format: 'json', render: (doc) => renderJson(doc) },
];

export const reporterModule = new ContainerModule(({ bind }) => {
  for (const renderer of builtInRenderers) bind(RENDERER).toConstantValue(renderer);
});
