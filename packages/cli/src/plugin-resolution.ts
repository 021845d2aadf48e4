import { register } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * A module resolution hook (Node's `module.register`), so that a plugin file outside any project
 * — a single `.mjs` in a bare folder, with no node_modules above it — can import
 * `@spte-lab/flush-policies` (or any `@spte-lab/*` package) and gets the copy this CLI runs
 * with: the same module, so `definePolicy`'s policies are the CLI's own (issue 21).
 *
 * Only a fallback: Node's normal resolution is tried first and wins whenever it finds the package
 * (a plugin project with its own dependencies keeps them). Only `@spte-lab/` specifiers are
 * redirected, and only when not found, so no other import behaves differently. The hook is plain
 * JavaScript in a data: URL because Node loads it in its loader thread, from the source tree
 * (tests) and the build alike. Node 20 runs no such hook for `require`, and TypeScript plugins
 * load through jiti: for those two, `spteLabFallbackPackages` gives the same copies as aliases.
 */
const HOOK = `
let cliURL;
export function initialize(data) { cliURL = data.cliURL; }
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !/^@spte-lab\\/[^/]/.test(specifier)) throw error;
    return nextResolve(specifier, { ...context, parentURL: cliURL });
  }
}
`;

let registered = false;

/** Installs the hook once per thread (a sweep worker installs its own). */
export function resolveSpteLabPackagesForPlugins(): void {
  if (registered) return;
  registered = true;
  register(`data:text/javascript,${encodeURIComponent(HOOK)}`, {
    data: { cliURL: import.meta.url },
  });
}

/** The `@spte-lab/*` entries a plugin may import or require without installing them. */
const LENT = [
  '@spte-lab/flush-policies',
  '@spte-lab/flush-policies/testing',
  '@spte-lab/spte-core',
  '@spte-lab/tlb-model',
  '@spte-lab/workload-gen',
  '@spte-lab/reporter',
  '@spte-lab/simulator',
  '@spte-lab/cli',
];

/**
 * The files of the `@spte-lab/*` packages this CLI runs with (their ESM entries), for plugins
 * the resolution hook cannot reach (`.ts` through jiti, `require` in `.cjs`): `loadPlugins`'
 * `fallbackPackages`.
 */
export function spteLabFallbackPackages(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of LENT) {
    try {
      files[name] = fileURLToPath(import.meta.resolve(name));
    } catch {
      // Not installed beside this CLI (a trimmed install): nothing to lend.
    }
  }
  return files;
}
