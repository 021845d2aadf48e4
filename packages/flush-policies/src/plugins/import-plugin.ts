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

/** A CommonJS plugin, whose `require` calls no ESM resolution hook reaches on Node 20. */
const COMMONJS = /\.cjs$/;

export interface ImportPluginOptions {
  /**
   * Packages a plugin may use without having them installed: specifier → the file to load
   * instead (the host's own copy, e.g. the CLI's `@spte-lab/flush-policies`). Each is used
   * only where the plugin's own resolution finds no such package. ES module plugins get this
   * from the host's resolution hook (Node's `module.register`); this covers what that hook
   * cannot reach: TypeScript plugins (jiti) and the `require` calls of `.cjs` plugins.
   */
  readonly fallbackPackages?: Readonly<Record<string, string>>;
}

/** Loads `path` through jiti, with the fallback packages the plugin cannot resolve aliased. */
async function importThroughJiti(
  path: string,
  fallbackPackages: Readonly<Record<string, string>>,
): Promise<unknown> {
  const createJiti = await jitiFactory();
  const probe = createJiti(path);
  const parentURL = pathToFileURL(path);
  const alias = Object.fromEntries(
    Object.entries(fallbackPackages).filter(
      ([name]) => !probe.esmResolve(name, { parentURL, try: true }),
    ),
  );
  return createJiti(path, { interopDefault: false, alias }).import(path);
}

/** A `require` of a package the plugin does not have, one the host can lend. */
function missingFallback(error: unknown, fallbackPackages: Readonly<Record<string, string>>) {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    code === 'MODULE_NOT_FOUND' &&
    typeof message === 'string' &&
    Object.keys(fallbackPackages).some((name) => message.includes(`'${name}'`))
  );
}

/**
 * Imports the plugin's module. JavaScript goes through Node's own `import()`; TypeScript
 * through jiti, which strips types in-process without registering global loader hooks. A
 * `.cjs` plugin whose `require` of a fallback package fails is loaded again through jiti with
 * that package aliased (its exports become the default export, as `import()` gives them).
 */
export async function importPlugin(
  specifier: string,
  cwd: string,
  options: ImportPluginOptions = {},
): Promise<{ path: string; module: unknown }> {
  const path = await resolvePlugin(specifier, cwd);
  const fallbackPackages = options.fallbackPackages ?? {};
  try {
    if (TYPESCRIPT.test(path))
      return { path, module: await importThroughJiti(path, fallbackPackages) };
    try {
      return { path, module: await import(pathToFileURL(path).href) };
    } catch (error) {
      if (!COMMONJS.test(path) || !missingFallback(error, fallbackPackages)) throw error;
      return { path, module: { default: await importThroughJiti(path, fallbackPackages) } };
    }
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new PluginError(specifier, `failed to load ${path}: ${why}`, { cause: error });
  }
}
