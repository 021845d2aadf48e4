import { ContainerModule } from 'inversify';
import { renderCsv } from '../render/csv.js';
import { renderHtml } from '../render/html/page.js';
import { renderJson } from '../render/json.js';
import { renderMarkdown } from '../render/markdown.js';
import type { Renderer } from '../render/renderer.js';
import { renderTable } from '../render/table.js';
import { RENDERER } from './tokens.js';

/** Every built-in format, in the order `--help` lists them; `table` is the default. */
export const builtInRenderers = [
  {
    format: 'table',
    extensions: ['.txt'],
    description: 'terminal table (aligned, units in the headers)',
    render: (doc, o) => renderTable(doc, o),
  },
  {
    format: 'json',
    extensions: ['.json'],
    description: 'the result document',
    render: (doc) => renderJson(doc),
  },
  {
    format: 'csv',
    extensions: ['.csv'],
    description: 'one row per scenario × policy × metric',
    render: (doc, o) => renderCsv(doc, o),
  },
  {
    format: 'md',
    extensions: ['.md', '.markdown'],
    description: 'Markdown table for GitHub or a mailing list',
    render: (doc, o) => renderMarkdown(doc, o),
  },
  {
    format: 'html',
    extensions: ['.html', '.htm'],
    description: 'self-contained HTML report with charts and traces',
    render: (doc, o) => renderHtml(doc, o),
  },
] as const satisfies readonly Renderer[];

export const reporterModule = new ContainerModule(({ bind }) => {
  for (const renderer of builtInRenderers) bind(RENDERER).toConstantValue(renderer);
});
