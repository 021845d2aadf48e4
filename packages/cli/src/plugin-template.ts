import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import { VERSION } from './version.js';

/**
 * The policy-plugin package template: `plugin-template/files` in this package, next to `src` and
 * `dist` alike (so one URL works from both). The workspace's Nx generator
 * (`npx nx g @spte-lab/tools:policy-plugin`) renders the same files, with the same EJS syntax.
 */
export const PLUGIN_TEMPLATE_DIR = fileURLToPath(new URL('../plugin-template/', import.meta.url));

export interface PluginTemplateOptions {
  readonly name: string;
  readonly packageName: string;
  readonly description: string;
}

/** Every file of the template, rendered: path relative to the new package → contents. */
export function renderPluginTemplate(options: PluginTemplateOptions): Map<string, string> {
  const files = join(PLUGIN_TEMPLATE_DIR, 'files');
  const toolVersions = JSON.parse(
    readFileSync(join(PLUGIN_TEMPLATE_DIR, 'versions.json'), 'utf8'),
  ) as Record<string, string>;
  const data = {
    ...options,
    // The workspace's generator renders the same files with `workspace: true` (Nx tags, and
    // a lint script that uses the workspace's ESLint); a standalone package gets the CLI as a
    // dev dependency instead, so `npx spte-lab` in it runs the version it was made for.
    workspace: false,
    versions: { spteLab: VERSION, ...toolVersions },
    quote: (s: string) => s.replace(/\\/g, '\\\\').replace(/'/g, "\\'"),
  };
  const out = new Map<string, string>();
  for (const entry of readdirSync(files, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const source = join(entry.parentPath, entry.name);
    const target = relative(files, source).replace(/__tmpl__$/, '');
    out.set(target, ejs.render(readFileSync(source, 'utf8'), data));
  }
  return out;
}
