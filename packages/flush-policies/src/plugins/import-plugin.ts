import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PluginError } from './plugin-error.js';

/** TypeScript sources, which Node 20 cannot import by itself. */
const TYPESCRIPT = /\.(?:ts|mts|cts|tsx)$/;

/** `./x`, `../x`, `/x`, `C:\x`: always a path, never a package name. */
function looksLikePath(specifier: string): boolean {
  return /^\.{1,2}([\\/]|$)/.test(specifier) || isAbsolute(specifier);
}

/**
 * Where a plugin lives: a path (relative to `cwd`) when it looks like one or names an existing
 * file, else an npm package resolved from `cwd` as `import` would (ESM conditions, `exports`).
 * jiti does the package resolution because Node 20's `import.meta.resolve` cannot resolve from
 * another directory than the caller's.
 */
/**
 * jiti, imported on first use: only a TypeScript plugin or a plugin named by package needs it,
 * so loading JavaScript plugins by path (and the library itself) never loads it.
 */
async function jitiFactory(): Promise<typeof import('jiti').createJiti> {
  return (await import('jiti')).createJiti;
}

export async function resolvePlugin(specifier: string, cwd: string): Promise<string> {
  const asPath = resolve(cwd, specifier);
  if (looksLikePath(specifier) || existsSync(asPath)) {
    if (!existsSync(asPath))
      throw new PluginError(specifier, `module not found: no file ${asPath}`);
    return asPath;
  }
  const jiti = (await jitiFactory())(join(cwd, 'package.json'));
  const found = jiti.esmResolve(specifier, {
    parentURL: pathToFileURL(join(cwd, 'package.json')),
    conditions: ['node', 'import', 'default'],
    try: true,
  });
  if (!found) {
    throw new PluginError(
      specifier,
      `module not found: no file of that name and no package '${specifier}' installed in or above ${cwd}`,
    );
  }
  return found.startsWith('file:') ? new URL(found).pathname : found;
}

/**
 * Imports the plugin's module. JavaScript goes through Node's own `import()`; TypeScript
 * through jiti, which strips types in-process without registering global loader hooks.
 */
export async function importPlugin(
  specifier: string,
  cwd: string,
): Promise<{ path: string; module: unknown }> {
  const path = await resolvePlugin(specifier, cwd);
  try {
    const module = TYPESCRIPT.test(path)
      ? await (await jitiFactory())(path, { interopDefault: false }).import(path)
      : await import(pathToFileURL(path).href);
    return { path, module };
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new PluginError(specifier, `failed to load ${path}: ${why}`, { cause: error });
  }
}
